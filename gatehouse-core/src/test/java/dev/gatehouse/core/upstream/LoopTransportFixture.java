package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the tests of {@link LoopHttpTransport} share: an event loop, a transport used on it, exchanges recorded by
 * {@link LoopRecorder}, and raw-socket upstreams made from the responses they are to send.
 */
abstract class LoopTransportFixture {
    final EventLoop loop = EventLoop.start("loop-" + getClass().getSimpleName());
    LoopHttpTransport transport = transport(Duration.ofSeconds(5));

    /** A transport with a 5 s connect timeout, 8 idle connections per origin kept for a minute. */
    static LoopHttpTransport transport(Duration readTimeout) {
        return new LoopHttpTransport(Duration.ofSeconds(5), readTimeout, 8, Duration.ofMinutes(1));
    }

    @AfterEach
    final void closeTransportAndLoop() {
        transport.close();
        loop.close();
    }

    /** Replaces the transport with one whose read timeout is 200 ms. */
    final void impatient() {
        transport.close();
        transport = transport(Duration.ofMillis(200));
    }

    final LoopRecorder exchange(UpstreamRequest request) {
        return LoopRecorder.send(loop, transport, request);
    }

    final LoopRecorder exchange(URI target) {
        return exchange(new UpstreamRequest("GET", target, Map.of(), null, false));
    }

    /** Sends a GET and returns the body of the successful response. */
    final String fetch(URI target) throws InterruptedException {
        return exchange(target).awaitEnd().text();
    }

    final int pooled(URI target) throws Exception {
        return LoopRecorder.onLoop(loop, () -> transport.idleConnections(loop, target));
    }

    final int inUse() throws Exception {
        return LoopRecorder.onLoop(loop, () -> transport.busyConnections(loop));
    }

    /**
     * An upstream whose every connection answers its requests with the responses in turn, written in pieces of at
     * most {@code piece} bytes, each its own TCP segment (0: whole); then it waits for the client to hang up.
     */
    static ScriptServer answering(int piece, String... responses) throws IOException {
        return new ScriptServer((conn, index) -> {
            for (String response : responses) {
                if (conn.readRequest() == null) {
                    return;
                }
                writeInPieces(conn, response, piece);
            }
            conn.awaitClientClose();
        });
    }

    /** An upstream whose every connection answers its requests with the responses in turn (each whole). */
    static ScriptServer answering(String... responses) throws IOException {
        return answering(0, responses);
    }

    /** An upstream whose n-th connection answers one request with the n-th response and hangs up. */
    static ScriptServer hangingUp(List<String> perConnection) throws IOException {
        return new ScriptServer((conn, index) -> {
            conn.readRequest();
            try {
                conn.write(perConnection.get(index));
            } catch (IOException e) {
                // the client may hang up before taking a response it refuses
            }
            conn.close();
        });
    }

    static void writeInPieces(ScriptServer.Conn conn, String text, int piece) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (piece <= 0) {
            conn.write(bytes);
            return;
        }
        conn.socket.setTcpNoDelay(true);
        for (int from = 0; from < bytes.length; from += piece) {
            conn.out.write(bytes, from, Math.min(piece, bytes.length - from));
            conn.out.flush();
        }
    }
}
