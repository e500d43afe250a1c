import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Reference contender for bench/floor.sh: the least a Java HTTP/1.1 proxy can do, on one event-loop thread (a
 * {@link Selector}, as nginx's worker does). It relays each request to a pooled upstream connection and the answer
 * back, byte for byte, with no header processing: an answer's bytes are relayed as they arrive, so a stream's events
 * pass through one by one. Only what the floor measurement sends is handled: requests framed by Content-Length, answers
 * framed by Content-Length or chunked without trailers (the mock's streams), one request in flight per connection, and
 * writes that complete at once (loopback, small messages). Not a server to use: a measurement of what the JVM costs on
 * this machine without virtual threads.
 * <p>Run: {@code java LoopProxy.java LISTEN_PORT UPSTREAM_PORT}
 */
public final class LoopProxy {
    private final Selector selector;
    private final InetSocketAddress upstream;
    private final ArrayDeque<Upstream> idle = new ArrayDeque<>();

    private LoopProxy(Selector selector, InetSocketAddress upstream) {
        this.selector = selector;
        this.upstream = upstream;
    }

    public static void main(String[] args) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        new LoopProxy(selector, new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))).run(server);
    }

    /** One end of a relay: a channel and what has been read from it but not yet relayed. */
    private abstract static sealed class End permits Client, Upstream {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        End(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private static final class Client extends End {
        Client(SocketChannel channel) {
            super(channel);
        }
    }

    private static final class Upstream extends End {
        /** The last chunk, "0\r\n\r\n", after the line end that closes the chunk before it (or the head). */
        private static final long LAST_CHUNK = 0x0a300d0a0d0aL;
        private static final long LAST_CHUNK_MASK = 0xffffffffffffL;
        Client client;
        /** Whether the answer's head has been relayed; then its body is. */
        boolean inBody;
        /** Body bytes still to come of an answer framed by Content-Length; -1 for a chunked one. */
        long remaining;
        /** The last six body bytes relayed of a chunked answer, oldest in the highest byte; starts as a line end. */
        long tail;

        Upstream(SocketChannel channel) {
            super(channel);
        }

        /** Starts an answer whose head is {@code bytes[0, head)}. */
        void head(byte[] bytes, int head) {
            inBody = true;
            remaining = Framing.bodyLength(bytes, head);
            tail = '\n';
        }

        /** Takes note of body bytes relayed; whether the answer is complete. */
        boolean relayed(byte[] bytes, int from, int to) {
            if (remaining >= 0) {
                remaining -= to - from;
                return remaining <= 0;
            }
            for (int i = from; i < to; i++) {
                tail = (tail << 8 | (bytes[i] & 0xff)) & LAST_CHUNK_MASK;
                if (tail == LAST_CHUNK) {
                    return true;
                }
            }
            return false;
        }
    }

    private void run(ServerSocketChannel server) throws IOException {
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                try {
                    if (key.isAcceptable()) {
                        accept(server);
                    } else if (key.attachment() instanceof Client client) {
                        fromClient(client);
                    } else if (key.attachment() instanceof Upstream up) {
                        fromUpstream(up);
                    }
                } catch (IOException | RuntimeException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Client(channel));
        }
    }

    private void fromClient(Client client) throws IOException {
        int length = readMessage(client);
        if (length == 0) {
            return;
        }
        Upstream up = idle.pollFirst();
        if (up == null) {
            SocketChannel channel = SocketChannel.open(upstream);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            up = new Upstream(channel);
            channel.register(selector, SelectionKey.OP_READ, up);
        }
        up.client = client;
        relay(client, length, up.channel);
    }

    /** Relays what the upstream sent as it comes (a head only once it is whole); pools the connection at the end. */
    private void fromUpstream(Upstream up) throws IOException {
        if (up.channel.read(up.in) < 0) {
            up.channel.close();
            return;
        }
        byte[] bytes = up.in.array();
        int filled = up.in.position();
        int body = 0;
        if (!up.inBody) {
            body = Framing.headLength(bytes, filled);
            if (body == 0) {
                return;
            }
            up.head(bytes, body);
        }
        boolean complete = up.relayed(bytes, body, filled);
        relay(up, filled, up.client.channel);
        if (complete) {
            up.inBody = false;
            up.client = null;
            idle.addFirst(up);
        }
    }

    /** Reads what the channel has; the length of the first whole message buffered, or 0. */
    private static int readMessage(End end) throws IOException {
        if (end.channel.read(end.in) < 0) {
            end.channel.close();
            return 0;
        }
        return Framing.messageLength(end.in.array(), end.in.position());
    }

    private static void relay(End from, int length, SocketChannel to) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(from.in.array(), 0, length);
        while (out.hasRemaining()) {
            to.write(out);
        }
        int rest = from.in.position() - length;
        System.arraycopy(from.in.array(), length, from.in.array(), 0, rest);
        from.in.position(rest);
    }
}
