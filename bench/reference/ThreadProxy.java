import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reference contender for bench/floor.sh: the least a Java HTTP/1.1 proxy can do with a thread per connection and
 * blocking sockets (what Gatehouse's server and upstream client do, without HTTP processing), on virtual or on platform
 * threads. It relays each request to a pooled upstream connection and the answer back, byte for byte. Only messages
 * framed by Content-Length are handled. Not a server to use: a measurement of what the thread model costs.
 * <p>Run: {@code java ThreadProxy.java LISTEN_PORT UPSTREAM_PORT virtual|platform}
 */
public final class ThreadProxy {
    private final ConcurrentLinkedDeque<Socket> idle = new ConcurrentLinkedDeque<>();
    private final InetSocketAddress upstream;

    private ThreadProxy(InetSocketAddress upstream) {
        this.upstream = upstream;
    }

    public static void main(String[] args) throws IOException {
        ThreadProxy proxy = new ThreadProxy(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])));
        Thread.Builder threads = "platform".equals(args[2]) ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 4096);
            while (true) {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                threads.start(() -> proxy.serve(client));
            }
        }
    }

    private void serve(Socket client) {
        Framing.Buffer request = new Framing.Buffer();
        Framing.Buffer response = new Framing.Buffer();
        try (client) {
            InputStream in = client.getInputStream();
            while (true) {
                int length = request.readMessage(in);
                if (length < 0) {
                    return;
                }
                Socket up = idle.pollFirst();
                if (up == null) {
                    up = new Socket(upstream.getAddress(), upstream.getPort());
                    up.setTcpNoDelay(true);
                }
                up.getOutputStream().write(request.bytes, 0, length);
                request.consume(length);
                response.filled = 0;
                int answer = response.readMessage(up.getInputStream());
                if (answer < 0) {
                    up.close();
                    return;
                }
                client.getOutputStream().write(response.bytes, 0, answer);
                idle.addFirst(up);
            }
        } catch (IOException e) {
            // the client or the upstream went away: drop the connection
        }
    }
}
