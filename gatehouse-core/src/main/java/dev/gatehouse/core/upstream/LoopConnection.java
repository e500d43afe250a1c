package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.UpstreamException;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection of {@link LoopHttpTransport}, driven by its event loop: connecting, writing a request,
 * reading the response head and body as bytes arrive, then idle in the pool. Confined to the loop's thread.
 *
 * <p>Bytes are read into the loop's shared buffer and body bytes handed on from there. What a connection keeps of its
 * own is small: a head that arrived in part (until it is whole) and, while its consumer has paused, the bytes read
 * before the pause and not yet handed on.
 */
final class LoopConnection implements EventLoop.Ready, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopConnection.class);

    /** Waiting for the host's addresses (from a virtual thread). */
    private static final int RESOLVING = 0;
    private static final int CONNECTING = 1;
    private static final int WRITING = 2;
    private static final int HEAD = 3;
    private static final int BODY = 4;
    /** In the pool; still read, to see the server close it. */
    private static final int IDLE = 5;
    private static final int CLOSED = 6;
    private static final byte[] NOTHING = new byte[0];

    final LoopConnections site;
    final Origin origin;
    /** Where the connection is in its site's list of connections in use; -1 when not there. */
    int busyIndex = -1;
    /** {@link System#nanoTime()} when the current wait began (for bytes, to connect, or idle). */
    long since;

    private SocketChannel channel;
    private SelectionKey key;
    private int interest;
    private int phase;

    private InetAddress[] addresses;
    private int nextAddress;
    private long connectDeadline;
    private IOException connectFailure;

    private LoopExchange exchange;
    /** The connection carried an exchange before this one: a loss before any response byte means it had gone stale. */
    private boolean reused;
    private int headBudget;
    private int scan;
    /** A head that arrived in part. */
    private byte[] partial;
    private int partialLength;
    private ResponseHead.Framing framing;
    private boolean persistent;
    /** Content-Length bytes still to come. */
    private long remaining;
    private ChunkDecoder chunks;
    /** Bytes read before the consumer paused and not yet handed on. */
    private byte[] stash;
    private int stashStart;
    private int stashEnd;
    private boolean drainQueued;

    private LoopConnection(LoopConnections site, Origin origin) {
        this.site = site;
        this.origin = origin;
    }

    /**
     * Opens a new connection for the exchange and sends its request once connected. An IP literal is connected at
     * once; a name is resolved on a virtual thread first.
     */
    static void open(LoopConnections site, LoopExchange exchange) {
        LoopConnection connection = new LoopConnection(site, exchange.origin);
        connection.exchange = exchange;
        exchange.connection = connection;
        connection.phase = RESOLVING;
        site.busy(connection);
        Dialer dialer = site.transport.dialer;
        if (!numeric(connection.origin.host())) {
            Thread.ofVirtual().name("gatehouse-resolve").start(() -> connection.resolve(dialer));
            return;
        }
        InetAddress[] found;
        try {
            found = dialer.addresses(connection.origin);
        } catch (IOException | RuntimeException e) {
            connection.fail(UpstreamFailures.unreachable(connection.origin, asIo(e)));
            return;
        }
        connection.connect(found);
    }

    /** Sends the exchange's request on this connection, connected and (when taken from the pool) used before. */
    void start(LoopExchange next, boolean pooled) {
        if (pooled) {
            site.busy(this);
        }
        exchange = next;
        next.connection = this;
        reused = pooled;
        headBudget = ResponseHeadReader.MAX_HEAD_BYTES;
        scan = ResponseHeadReader.SCAN_START;
        phase = WRITING;
        write();
    }

    /** Goes into the pool: read for the server closing it (or sending what nobody asked for). */
    void idle(long now) {
        phase = IDLE;
        since = now;
        interest(SelectionKey.OP_READ);
    }

    @Override
    public void ready(SelectionKey selected) {
        if (selected != key || phase == CLOSED || !selected.isValid()) {
            return;
        }
        int ops = selected.readyOps();
        switch (phase) {
            case CONNECTING -> {
                if ((ops & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect();
                }
            }
            case WRITING -> {
                if ((ops & SelectionKey.OP_WRITE) != 0) {
                    write();
                }
            }
            default -> {
                if ((ops & SelectionKey.OP_READ) != 0 && (interest & SelectionKey.OP_READ) != 0) {
                    read();
                }
            }
        }
    }

    /** Hands on the bytes held while paused, after a resume. */
    @Override
    public void run() {
        drainQueued = false;
        LoopExchange current = exchange;
        if (stash == null || current == null || current.paused || phase != BODY) {
            return;
        }
        byte[] held = stash;
        stash = null;
        body(held, stashStart, stashEnd);
        if (exchange == current && !current.paused && stash == null) {
            since = System.nanoTime();
            interest(SelectionKey.OP_READ);
        }
    }

    /** Fails the exchange in flight if its wait ran over the timeout at {@code now}. */
    void checkTimeout(long now) {
        LoopHttpTransport transport = site.transport;
        switch (phase) {
            case CONNECTING -> {
                if (transport.connectTimeoutNanos > 0 && now - connectDeadline >= 0) {
                    connectTimedOut();
                }
            }
            case WRITING, HEAD, BODY -> {
                if (transport.readTimeoutNanos > 0 && !exchange.paused && stash == null
                        && now - since > transport.readTimeoutNanos) {
                    SocketTimeoutException timeout = new SocketTimeoutException("Timed out");
                    fail(phase == BODY ? UpstreamFailures.inBody(origin, timeout, transport.readTimeout)
                            : UpstreamFailures.failure(origin, timeout, transport.readTimeout));
                }
            }
            default -> {
                // not waiting on the server, or not timed (name resolution, as in Dialer)
            }
        }
    }

    void pauseReading(LoopExchange from) {
        if (exchange == from) {
            interest(0);
        }
    }

    void resumeReading(LoopExchange from) {
        if (exchange != from) {
            return;
        }
        since = System.nanoTime();
        if (stash == null) {
            interest(SelectionKey.OP_READ);
        } else if (!drainQueued) {
            drainQueued = true;
            site.loop.execute(this); // not inside resume(): the consumer may be in the middle of something
        }
    }

    /** The consumer gave up the exchange (or failed): the connection goes, unless it already serves another. */
    void abandon(LoopExchange from) {
        if (exchange == from) {
            close();
        }
    }

    /** Closes the connection without a word to anyone; never throws. */
    void close() {
        if (phase == CLOSED) {
            return;
        }
        if (phase == IDLE) {
            site.forgetIdle(this);
        } else {
            site.unbusy(this);
        }
        phase = CLOSED;
        detach();
        addresses = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    // Connecting.

    /** On a virtual thread: asks the dialer (the egress policy's hook) for the addresses, then goes back to the loop. */
    private void resolve(Dialer dialer) {
        try {
            InetAddress[] found = dialer.addresses(origin);
            site.loop.execute(() -> connect(found));
        } catch (IOException | RuntimeException e) {
            IOException failure = asIo(e);
            site.loop.execute(() -> {
                if (phase == RESOLVING) {
                    fail(UpstreamFailures.unreachable(origin, failure));
                }
            });
        }
    }

    private void connect(InetAddress[] found) {
        if (phase != RESOLVING) {
            return;
        }
        addresses = found;
        nextAddress = 0;
        since = System.nanoTime();
        connectDeadline = since + site.transport.connectTimeoutNanos;
        phase = CONNECTING;
        connectNext();
    }

    /** Tries the next address, within what is left of the connect timeout; fails once none is left. */
    private void connectNext() {
        while (nextAddress < addresses.length) {
            if (site.transport.connectTimeoutNanos > 0 && System.nanoTime() - connectDeadline >= 0) {
                connectTimedOut();
                return;
            }
            InetAddress address = addresses[nextAddress++];
            SocketChannel opened = null;
            boolean connected;
            try {
                opened = SocketChannel.open();
                opened.configureBlocking(false);
                opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connected = opened.connect(new InetSocketAddress(address, origin.port()));
                interest = connected ? 0 : SelectionKey.OP_CONNECT;
                key = site.loop.register(opened, interest, this);
                channel = opened;
            } catch (IOException | RuntimeException e) {
                // RuntimeException: an address the socket cannot take (another family, say) fails like any other.
                closeQuietly(opened);
                addressFailed(asIo(e));
                continue;
            }
            if (connected) {
                connected();
            }
            return;
        }
        fail(UpstreamFailures.unreachable(origin, connectFailure));
    }

    private void finishConnect() {
        boolean connected;
        try {
            connected = channel.finishConnect();
        } catch (IOException e) {
            closeQuietly(channel);
            channel = null;
            key = null;
            addressFailed(e);
            connectNext();
            return;
        }
        if (connected) {
            connected();
        }
    }

    private void connected() {
        addresses = null;
        connectFailure = null;
        start(exchange, false);
    }

    private void addressFailed(IOException e) {
        if (connectFailure != null) {
            e.addSuppressed(connectFailure);
        }
        connectFailure = e;
    }

    private void connectTimedOut() {
        fail(UpstreamFailures.connectTimeout(origin, Dialer.connectTimedOut(connectFailure)));
    }

    // Writing.

    /** Writes what the socket takes of the request; waits for OP_WRITE for the rest. */
    private void write() {
        LoopExchange current = exchange;
        try {
            if (current.head.hasRemaining()) {
                channel.write(current.head);
            }
            if (!current.head.hasRemaining() && current.body != null && current.body.hasRemaining()) {
                channel.write(current.body);
            }
        } catch (IOException e) {
            lost(e);
            return;
        }
        // A partial write counts as progress too: the read timeout is for a server that takes nothing.
        since = System.nanoTime();
        if (current.written()) {
            phase = HEAD;
            interest(SelectionKey.OP_READ);
        } else {
            interest(SelectionKey.OP_WRITE);
        }
    }

    // Reading.

    private void read() {
        ByteBuffer buffer = site.readBuffer;
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            readFailed(e);
            return;
        }
        if (n > 0) {
            since = System.nanoTime();
            received(buffer.array(), n);
        } else if (n < 0) {
            ended();
        }
    }

    private void received(byte[] bytes, int n) {
        switch (phase) {
            case HEAD -> {
                int bodyStart = head(bytes, 0, n);
                if (bodyStart >= 0) {
                    body(bytes, bodyStart, n);
                }
            }
            case BODY -> body(bytes, 0, n);
            case IDLE -> {
                LOG.debug("Idle connection to {} received unsolicited bytes; closing it", origin.host());
                close();
            }
            default -> {
                // nothing is read in the other phases
            }
        }
    }

    /**
     * Takes head bytes from {@code bytes[from, end)}: skips interim heads, hands out the final one and returns where
     * its body starts; -1 when the bytes ran out inside a head (kept for the next read) or the exchange ended.
     */
    private int head(byte[] bytes, int from, int end) {
        LoopExchange current = exchange;
        if (!current.answered) {
            current.answered();
        }
        int pos = from;
        while (true) {
            int start = pos;
            int limit = Math.min(end, pos + headBudget);
            int state = scan;
            while (pos < limit && state != ResponseHeadReader.SCAN_END) {
                state = ResponseHeadReader.scan(state, bytes[pos++]);
            }
            headBudget -= pos - start;
            scan = state;
            if (state != ResponseHeadReader.SCAN_END) {
                if (pos < end) {
                    failHead(new MalformedResponseException("response head larger than "
                            + ResponseHeadReader.MAX_HEAD_BYTES + " bytes"));
                } else {
                    keepPartial(bytes, start, end);
                }
                return -1;
            }
            ResponseHead parsed;
            try {
                parsed = parse(bytes, start, pos);
            } catch (IOException e) {
                failHead(e);
                return -1;
            }
            scan = ResponseHeadReader.SCAN_START;
            if (!parsed.interim()) {
                return begin(current, parsed) ? pos : -1;
            }
            if (parsed.status() == 101) {
                failHead(new MalformedResponseException("unrequested protocol switch"));
                return -1;
            }
        }
    }

    /** Parses the head that ends at {@code bytes[end - 1]}: there in whole, or its start kept from earlier reads. */
    private ResponseHead parse(byte[] bytes, int start, int end) throws IOException {
        if (partialLength == 0) {
            return site.heads.parse(bytes, start, end);
        }
        keepPartial(bytes, start, end);
        byte[] whole = partial;
        int length = partialLength;
        partial = null;
        partialLength = 0;
        return site.heads.parse(whole, 0, length);
    }

    private void keepPartial(byte[] bytes, int start, int end) {
        int n = end - start;
        if (partial == null) {
            partial = new byte[Math.max(n, 512)];
        } else if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
        }
        System.arraycopy(bytes, start, partial, partialLength, n);
        partialLength += n;
    }

    /** Sets up the body's framing and hands out the head; false when the consumer ended the exchange. */
    private boolean begin(LoopExchange current, ResponseHead parsed) {
        framing = parsed.framing(current.method);
        persistent = parsed.persistent(parsed.hasBody(current.method));
        if (framing == ResponseHead.Framing.LENGTH) {
            remaining = parsed.contentLength();
        } else if (framing == ResponseHead.Framing.CHUNKED) {
            if (chunks == null) {
                chunks = new ChunkDecoder();
            }
            chunks.reset();
        }
        phase = BODY;
        return current.head(parsed);
    }

    /** Hands on body bytes from {@code bytes[pos, end)} until they run out, the body ends, or the consumer pauses. */
    private void body(byte[] bytes, int pos, int end) {
        LoopExchange current = exchange;
        while (true) {
            if (bodyEnded()) {
                complete(current, pos < end);
                return;
            }
            if (current.paused) {
                keep(bytes, pos, end);
                return;
            }
            if (pos == end) {
                return;
            }
            int n;
            switch (framing) {
                case CHUNKED -> {
                    try {
                        pos = chunks.frame(bytes, pos, end);
                    } catch (MalformedResponseException e) {
                        fail(UpstreamFailures.inBody(origin, e, site.transport.readTimeout));
                        return;
                    }
                    n = (int) Math.min(chunks.data(), end - pos);
                    if (n == 0) {
                        continue;
                    }
                    chunks.consumed(n);
                }
                case LENGTH -> {
                    n = (int) Math.min(remaining, end - pos);
                    remaining -= n;
                }
                default -> n = end - pos;
            }
            if (!current.body(bytes, pos, n)) {
                return;
            }
            pos += n;
        }
    }

    private boolean bodyEnded() {
        return switch (framing) {
            case NONE -> true;
            case LENGTH -> remaining == 0;
            case CHUNKED -> chunks.ended();
            case UNTIL_CLOSE -> false;
        };
    }

    /** Keeps the bytes not handed on before a pause: copied out of the shared buffer, or left in the stash. */
    private void keep(byte[] bytes, int pos, int end) {
        if (pos == end) {
            return;
        }
        if (bytes == site.readBuffer.array()) {
            stash = Arrays.copyOfRange(bytes, pos, end);
            stashStart = 0;
            stashEnd = end - pos;
        } else {
            stash = bytes;
            stashStart = pos;
            stashEnd = end;
        }
        interest(0);
    }

    /**
     * The body reached its framed end: the connection goes back to the pool if it may carry another request and
     * nothing followed the body, else it is closed; then the consumer hears of the end.
     */
    private void complete(LoopExchange current, boolean trailingBytes) {
        boolean reusable = persistent && !trailingBytes;
        detach();
        if (reusable) {
            site.release(this);
        } else {
            close();
        }
        current.end();
    }

    /** End of stream from the server. */
    private void ended() {
        switch (phase) {
            case HEAD -> {
                if (!exchange.answered) {
                    lost(new EOFException("Upstream closed the connection without a response"));
                } else {
                    failHead(endedInHead());
                }
            }
            case BODY -> {
                if (framing == ResponseHead.Framing.UNTIL_CLOSE) {
                    persistent = false;
                    complete(exchange, false);
                } else if (framing == ResponseHead.Framing.LENGTH) {
                    failBody(new EOFException("Upstream body ended " + remaining
                            + " bytes short of its Content-Length"));
                } else {
                    failBody(new EOFException(chunks.inData() ? "Upstream chunked body ended inside a chunk"
                            : "Upstream chunked body ended early"));
                }
            }
            default -> close();
        }
    }

    /** What the parser says of the head bytes received before the end of stream. */
    private IOException endedInHead() {
        try {
            site.heads.parse(partial == null ? NOTHING : partial, 0, partialLength);
        } catch (IOException e) {
            return e;
        }
        return new MalformedResponseException("response ended inside its head");
    }

    private void readFailed(IOException e) {
        switch (phase) {
            case HEAD -> {
                if (!exchange.answered) {
                    lost(e);
                } else {
                    failHead(e);
                }
            }
            case BODY -> failBody(e);
            default -> close();
        }
    }

    /**
     * The connection failed before the first response byte. A pooled connection the server had closed meanwhile:
     * the request never reached the application, so it goes again, once, on a new connection.
     */
    private void lost(IOException e) {
        LoopExchange current = exchange;
        if (reused && !current.retried) {
            LOG.debug("Pooled connection to {} was closed by the server; retrying on a new connection",
                    origin.host());
            close();
            current.retried = true;
            current.rewind();
            open(site, current);
            return;
        }
        failHead(e);
    }

    private void failHead(IOException e) {
        fail(UpstreamFailures.failure(origin, e, site.transport.readTimeout));
    }

    private void failBody(IOException e) {
        fail(UpstreamFailures.inBody(origin, e, site.transport.readTimeout));
    }

    /** Closes the connection and fails its exchange. */
    private void fail(UpstreamException error) {
        LoopExchange current = exchange;
        close();
        if (current != null) {
            current.fail(error);
        }
    }

    /** Forgets the exchange and what was kept for it. */
    private void detach() {
        exchange = null;
        partial = null;
        partialLength = 0;
        stash = null;
        framing = null;
    }

    private void interest(int ops) {
        if (ops != interest && key.isValid()) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    /** A resolver's failure as an I/O failure (an egress policy may refuse with an unchecked exception). */
    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /**
     * True for a host that is an address literal, connected without resolving: bracketed IPv6, or a dotted quad of
     * decimal numbers up to 255. Anything else (including the short forms an IPv4 parser may take) is resolved off
     * the loop.
     */
    static boolean numeric(String host) {
        if (host.startsWith("[")) {
            return true;
        }
        int parts = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255 || ++parts > 4) {
                    return false;
                }
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return false;
            }
        }
        return parts == 4;
    }
}
