import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reference contender for bench/floor.sh: Helidon SE with the server settings Gatehouse uses, relaying each request
 * body to a pooled upstream connection (blocking socket, as Gatehouse's upstream client) and the answer's body back as
 * JSON, with no gateway work. Its distance from {@code ThreadProxy} is the web server's cost; Gatehouse's distance from
 * it is the gateway's own work (parsing, translating, auth, logging). Only answers framed by Content-Length.
 * <p>Run: {@code java -cp <Helidon jars> HelidonProxy.java LISTEN_PORT UPSTREAM_PORT}
 */
public final class HelidonProxy {
    private final ConcurrentLinkedDeque<Socket> idle = new ConcurrentLinkedDeque<>();
    private final InetSocketAddress upstream;

    private HelidonProxy(InetSocketAddress upstream) {
        this.upstream = upstream;
    }

    public static void main(String[] args) {
        HelidonProxy proxy = new HelidonProxy(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])));
        WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .useNio(false)
                .writeBufferSize(256)
                .addProtocol(Http1Config.builder().validateResponseHeaders(false).build())
                .shutdownHook(false)
                .routing(routing -> routing.any((req, res) -> {
                    byte[] answer = proxy.exchange(req.path().rawPath(), req.content().as(byte[].class));
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(answer);
                }))
                .build()
                .start();
    }

    /** POSTs the body upstream on a pooled connection; the answer's body. */
    private byte[] exchange(String path, byte[] body) {
        Socket up = idle.pollFirst();
        try {
            if (up == null) {
                up = new Socket(upstream.getAddress(), upstream.getPort());
                up.setTcpNoDelay(true);
            }
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            up.getOutputStream().write(request);
            Framing.Buffer answer = new Framing.Buffer();
            int length = answer.readMessage(up.getInputStream());
            if (length < 0) {
                throw new IOException("upstream closed");
            }
            idle.addFirst(up);
            return Arrays.copyOfRange(answer.bytes, Framing.headLength(answer.bytes, answer.filled), length);
        } catch (IOException e) {
            if (up != null) {
                try {
                    up.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new UncheckedIOException(e);
        }
    }
}
