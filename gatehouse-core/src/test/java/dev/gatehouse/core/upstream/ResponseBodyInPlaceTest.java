package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ResponseBody#readTo}: body bytes handed on in place, framing and connection fate as for a copying read. */
class ResponseBodyInPlaceTest {
    private final SocketHttpTransport transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5),
            8, Duration.ofSeconds(60));

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    /** Collects what the sink is handed, copying it (the bytes are valid only during the call). */
    private static final class Collector implements BodySink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> calls = new ArrayList<>();

        @Override
        public void accept(byte[] b, int offset, int length) {
            bytes.write(b, offset, length);
            calls.add(length);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static void drain(ResponseBody body, BodySink sink) throws Exception {
        while (body.readTo(sink) >= 0) {
            // the sink collects
        }
    }

    @Test
    void everyFramingIsHandedOnWholeAndTheConnectionIsReused() throws Exception {
        String big = "y".repeat(10_000); // more than the connection's buffer holds
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "b\r\ndata: one\n\n\r\n" + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n" + big);
        })) {
            Collector chunked = new Collector();
            try (UpstreamResponse response = transport.send(get(server.uri("/chunked")))) {
                drain((ResponseBody) response.body(), chunked);
            }
            assertThat(chunked.text()).isEqualTo("data: one\n\n" + big);
            assertThat(chunked.calls).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(chunked.calls.getFirst()).as("a chunk's bytes, not more").isEqualTo(11);

            Collector fixed = new Collector();
            try (UpstreamResponse response = transport.send(get(server.uri("/fixed")))) {
                drain((ResponseBody) response.body(), fixed);
                assertThat(response.body().read()).as("at the end").isEqualTo(-1);
            }
            assertThat(fixed.text()).isEqualTo(big);
            assertThat(fixed.calls.size()).as("handed on as it was read, not gathered").isGreaterThan(1);
            assertThat(server.accepted()).isEqualTo(1);
            assertThat(transport.idleConnections(server.uri("/"))).isEqualTo(1);
        }
    }

    @Test
    void aBodyWithoutLengthRunsUntilClose() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\n\r\nuntil the end");
            conn.close();
        })) {
            Collector collected = new Collector();
            try (UpstreamResponse response = transport.send(get(server.uri("/")))) {
                drain((ResponseBody) response.body(), collected);
            }
            assertThat(collected.text()).isEqualTo("until the end");
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void aSinkThatFailsEndsTheBodyAndTheConnectionIsNotReused() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(index == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nabcdefgh"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        })) {
            try (UpstreamResponse response = transport.send(get(server.uri("/")))) {
                ResponseBody body = (ResponseBody) response.body();
                assertThatThrownBy(() -> body.readTo((b, off, len) -> {
                    throw new IllegalStateException("decoder refused");
                })).hasMessage("decoder refused");
                assertThatThrownBy(body::read).hasMessageContaining("closed");
            }
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
            assertThat(SocketHttpTransportFramingTest.text(transport.send(get(server.uri("/"))))).isEqualTo("ok");
            assertThat(server.accepted()).as("a new connection for the next request").isEqualTo(2);
        }
    }
}
