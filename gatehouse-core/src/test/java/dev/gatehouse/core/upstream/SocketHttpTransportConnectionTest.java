package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.get;
import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request writing, keep-alive, stale connections and timeouts, against a raw-socket server. */
class SocketHttpTransportConnectionTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private SocketHttpTransport transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), 8,
            Duration.ofSeconds(60));

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void writesRequestLineHostLengthAndCallerHeadersButNotTheOnesItOwns() throws Exception {
        AtomicReference<ScriptServer.Request> seen = new AtomicReference<>();
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            seen.set(conn.readRequest());
            conn.write(OK);
        })) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer secret");
            headers.put("Content-Type", "application/json");
            headers.put("Host", "evil.example");
            headers.put("content-length", "999");
            headers.put("Connection", "close");
            headers.put("Transfer-Encoding", "chunked");
            headers.put("X-Latin", "caf\u00e9");
            byte[] body = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/chat%20x/\u00e9?a=1&b=%2F");
            assertThat(text(transport.send(new UpstreamRequest("POST", uri, headers, body, false)))).isEqualTo("ok");

            ScriptServer.Request request = seen.get();
            assertThat(request.requestLine()).isEqualTo("POST /v1/chat%20x/%C3%A9?a=1&b=%2F HTTP/1.1");
            assertThat(request.headerLines()).containsExactlyInAnyOrder(
                    "Host: 127.0.0.1:" + server.port(),
                    "Content-Length: " + body.length,
                    "Authorization: Bearer secret",
                    "Content-Type: application/json",
                    "X-Latin: caf\u00e9");
            assertThat(request.body()).isEqualTo(body);
            assertThat(transport.idleConnections(uri)).as("a caller's Connection: close is not sent").isEqualTo(1);
        }
    }

    @Test
    void getWithoutBodySendsNoContentLengthAndPostWithoutBodySendsZero() throws Exception {
        AtomicReference<ScriptServer.Request> first = new AtomicReference<>();
        AtomicReference<ScriptServer.Request> second = new AtomicReference<>();
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            first.set(conn.readRequest());
            conn.write(OK);
            second.set(conn.readRequest());
            conn.write(OK);
        })) {
            text(transport.send(get(URI.create("http://127.0.0.1:" + server.port()))));
            text(transport.send(new UpstreamRequest("POST", server.uri("/p"), Map.of(), null, false)));
            assertThat(first.get().requestLine()).isEqualTo("GET / HTTP/1.1");
            assertThat(first.get().headerLines()).containsExactly("Host: 127.0.0.1:" + server.port());
            assertThat(second.get().headerLines()).contains("Content-Length: 0");
        }
    }

    @Test
    void largeBodyIsSentWhole() throws Exception {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            received.set(conn.readRequest().body());
            conn.write(OK);
        })) {
            text(transport.send(new UpstreamRequest("PUT", server.uri("/big"), Map.of(), body, false)));
            assertThat(received.get()).isEqualTo(body);
        }
    }

    @Test
    void headerInjectionIsRefusedBeforeAnythingIsSent() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> conn.awaitClientClose())) {
            URI uri = server.uri("/");
            for (Map<String, String> headers : java.util.List.of(
                    Map.of("X-Evil", "1\r\nX-Injected: yes"),
                    Map.of("X-Evil", "line\nfeed"),
                    Map.of("X-Evil", "nul\0"),
                    Map.of("X-Evil\r\nX-Injected", "1"),
                    Map.of("Bad Name", "1"),
                    Map.of("Colon:", "1"),
                    Map.of("X-Wide", "\u20ac"))) {
                assertThatThrownBy(() -> transport.send(new UpstreamRequest("GET", uri, headers, null, false)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .message().doesNotContain("Injected: yes").doesNotContain("feed");
            }
            assertThatThrownBy(() -> transport.send(new UpstreamRequest("GET /x HTTP/1.1\r\n", uri, Map.of(), null,
                    false))).isInstanceOf(IllegalArgumentException.class);
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void connectionCloseIsNotReused() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok");
            conn.awaitClientClose();
        })) {
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("ok");
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("ok");
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void closingBeforeTheEndReusesTheConnectionOnlyIfTheRestWasAlreadyReceived() throws Exception {
        CountDownLatch secondRequest = new CountDownLatch(1);
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            if (index == 0) {
                conn.readRequest();
                conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
                conn.readRequest();
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(50_000));
                secondRequest.await(10, TimeUnit.SECONDS);
                conn.awaitClientClose();
            } else {
                conn.readRequest();
                conn.write(OK);
            }
        })) {
            UpstreamResponse first = transport.send(get(server.uri("/")));
            assertThat(first.body().readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
            first.close(); // the terminating chunk was in the same packet: finished from the buffer
            assertThat(transport.idleConnections(server.uri("/"))).isEqualTo(1);

            UpstreamResponse partial = transport.send(get(server.uri("/")));
            assertThat(partial.body().read()).isEqualTo('x');
            partial.close();
            partial.close(); // twice is harmless
            assertThatThrownBy(() -> partial.body().read()).isInstanceOf(java.io.IOException.class);
            secondRequest.countDown();
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("ok");
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReadAndDropsTheConnection() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n");
            conn.awaitClientClose(); // the next chunk never comes
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.body().readNBytes(2)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
            CountDownLatch reading = new CountDownLatch(1);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                reading.countDown();
                try {
                    outcome.set(new AssertionError("read returned " + response.body().read()));
                } catch (java.io.IOException e) {
                    outcome.set(e);
                }
            });
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            response.close(); // whether the reader is inside read() yet or not, it must fail
            assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
            assertThat(outcome.get()).isInstanceOf(java.io.IOException.class);
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void stalePooledConnectionIsRetriedOnceOnANewConnection() throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nconn " + index);
            if (index == 0) {
                conn.close(); // an idle timeout on the server's side
                firstClosed.countDown();
            } else {
                conn.awaitClientClose();
            }
        })) {
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("conn 0");
            assertThat(firstClosed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.idleConnections(server.uri("/"))).isEqualTo(1);
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("conn 1");
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void theRetryIsNotRetried() throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            if (index == 0) {
                conn.write(OK);
                conn.close();
                firstClosed.countDown();
            }
            // later connections hang up without a word
        })) {
            text(transport.send(get(server.uri("/"))));
            assertThat(firstClosed.await(10, TimeUnit.SECONDS)).isTrue();
            assertUnreachable(server);
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aFreshConnectionClosedWithoutAnswerIsNotRetried() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> conn.readRequest())) {
            assertUnreachable(server);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void noRetryOnceAResponseByteWasRead() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(OK);
            conn.readRequest();
            conn.write("HTTP/1.1 20");
        })) {
            text(transport.send(get(server.uri("/"))));
            assertThatThrownBy(() -> transport.send(get(server.uri("/"))))
                    .isInstanceOfSatisfying(UpstreamException.class,
                            e -> assertThat(e.code()).isEqualTo("bad_upstream_response"));
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void readTimeoutIsATimeoutAndAPooledConnectionTimingOutIsNotRetried() throws Exception {
        transport.close();
        transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofMillis(200), 8, Duration.ofSeconds(60));
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(OK);
            conn.readRequest();
            conn.awaitClientClose(); // never answers the second request
        })) {
            text(transport.send(get(server.uri("/"))));
            assertThatThrownBy(() -> transport.send(get(server.uri("/"))))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.TIMEOUT);
                        assertThat(e.code()).isEqualTo("upstream_timeout");
                    });
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void readTimeoutAppliesBetweenBodyChunks() throws Exception {
        transport.close();
        transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofMillis(200), 8, Duration.ofSeconds(60));
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n");
            conn.awaitClientClose();
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.body().readNBytes(2)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> response.body().read()).isInstanceOf(java.net.SocketTimeoutException.class);
            response.close();
        }
    }

    @Test
    @Timeout(60) // without a write timeout the write would block for good
    void aServerThatStopsReadingTheRequestTimesOutWithoutARetry() throws Exception {
        transport.close();
        transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofMillis(200), 8, Duration.ofSeconds(60));
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            while (!conn.socket.isClosed()) {
                Thread.sleep(20); // never reads: the client's socket buffers fill and its write blocks
            }
        })) {
            byte[] body = new byte[64 * 1024 * 1024]; // more than loopback socket buffers hold
            assertThatThrownBy(() -> transport.send(new UpstreamRequest("POST", server.uri("/"), Map.of(), body,
                    false)))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.TIMEOUT);
                        assertThat(e.code()).isEqualTo("upstream_timeout");
                    });
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void redirectIsReturnedNotFollowed() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest\r\nContent-Length: 0\r\n\r\n");
            conn.awaitClientClose();
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.status()).isEqualTo(302);
            assertThat(response.headers()).containsEntry("location", java.util.List.of("http://169.254.169.254/latest"));
            assertThat(response.readAll()).isEmpty();
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    private void assertUnreachable(ScriptServer server) {
        assertThatThrownBy(() -> transport.send(get(server.uri("/"))))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
                    assertThat(e.code()).isEqualTo("upstream_unreachable");
                });
    }
}
