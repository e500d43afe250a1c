package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link SocketHttpTransport} reads response framing, against a raw-socket server. */
class SocketHttpTransportFramingTest {
    private final SocketHttpTransport transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5),
            8, Duration.ofSeconds(60));

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    static UpstreamRequest get(URI uri) {
        return new UpstreamRequest("GET", uri, Map.of(), null, false);
    }

    static String text(UpstreamResponse response) throws IOException {
        return new String(response.readAll(), StandardCharsets.UTF_8);
    }

    @Test
    void chunkedBodyHandsOnEachChunkAsItArrives() throws Exception {
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "b\r\ndata: one\n\n\r\n");
            if (!firstChunkRead.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the client never read the first chunk");
            }
            conn.write("B\r\ndata: two\n\n\r\n0\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        })) {
            try (UpstreamResponse response = transport.send(get(server.uri("/stream")))) {
                InputStream body = response.body();
                byte[] buffer = new byte[8192];
                assertThat(new String(body.readNBytes(11), StandardCharsets.UTF_8)).isEqualTo("data: one\n\n");
                firstChunkRead.countDown();
                int n = body.read(buffer, 0, buffer.length);
                assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).startsWith("data: t");
                assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8) + new String(body.readAllBytes(),
                        StandardCharsets.UTF_8)).isEqualTo("data: two\n\n");
            }
            assertThat(text(transport.send(get(server.uri("/next"))))).isEqualTo("next");
            assertThat(server.accepted()).as("chunked body read to its end leaves the connection reusable")
                    .isEqualTo(1);
        }
    }

    @Test
    void readAllReturnsWholeBodiesOfEveryFramingAndKeepsTheConnection() throws Exception {
        String big = "x".repeat(5000); // past the 1 KB first buffer of a body of unknown length
        String chunks = "400\r\n" + big.substring(0, 1024) + "\r\n" + Integer.toHexString(big.length() - 1024)
                + "\r\n" + big.substring(1024) + "\r\n0\r\n\r\n";
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + big);
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nend");
        })) {
            assertThat(text(transport.send(get(server.uri("/fixed"))))).isEqualTo(big);
            assertThat(text(transport.send(get(server.uri("/chunked"))))).isEqualTo(big);
            assertThat(text(transport.send(get(server.uri("/empty"))))).isEmpty();
            assertThat(text(transport.send(get(server.uri("/end"))))).isEqualTo("end");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aContentLengthThePeerDoesNotDeliverIsAnErrorNotAHugeBuffer() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\nshort");
            conn.socket.close();
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThatThrownBy(response::readAll).isInstanceOf(java.io.EOFException.class);
        }
    }

    @Test
    void chunkedBodyWithExtensionsTrailersAndBareLineFeeds() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nX-Multi: a\r\nx-multi: b\r\n\r\n"
                    + "5;name=value\r\nhello\r\n1\n \n6\r\nworld!\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.headers()).containsEntry("x-multi", List.of("a", "b"))
                    .containsEntry("transfer-encoding", List.of("gzip, chunked"))
                    .doesNotContainKey("x-trailer");
            assertThat(text(response)).isEqualTo("hello world!");
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("ok");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void bodyWithoutLengthRunsUntilCloseAndConnectionIsNotReused() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ");
            conn.write("close " + index);
            conn.close();
        })) {
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("until close 0");
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("until close 1");
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void unknownTransferEncodingRunsUntilClose() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nraw bytes");
            conn.close();
        })) {
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("raw bytes");
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void chunkedWithContentLengthIsReadChunkedAndNotReused() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n");
            conn.awaitClientClose();
        })) {
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("abc");
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).doesNotContainKey("link");
            assertThat(text(response)).isEqualTo("final");
        }
    }

    @Test
    void noBodyFor204And304AndHeadEvenWithContentLength() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 204 No Content\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast");
        })) {
            UpstreamResponse noContent = transport.send(get(server.uri("/204")));
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.readAll()).isEmpty();
            UpstreamResponse notModified = transport.send(get(server.uri("/304")));
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.readAll()).isEmpty();
            UpstreamResponse head = transport.send(new UpstreamRequest("HEAD", server.uri("/"), Map.of(), null,
                    false));
            assertThat(head.headers()).containsEntry("content-length", List.of("100"));
            assertThat(head.readAll()).isEmpty();
            assertThat(text(transport.send(get(server.uri("/last"))))).isEqualTo("last");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenAskedTo() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nka");
            conn.readRequest();
            conn.write("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nbye");
            conn.awaitClientClose();
        })) {
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("ka");
            assertThat(text(transport.send(get(server.uri("/"))))).isEqualTo("bye");
            assertThat(server.accepted()).isEqualTo(1);
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void serverClosingMidBodyFailsTheReadAndIsNotRetried() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            if (index == 0) {
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
            } else {
                conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort");
            }
            conn.close();
        })) {
            UpstreamResponse fixed = transport.send(get(server.uri("/")));
            assertThat(fixed.status()).isEqualTo(200);
            assertThatThrownBy(fixed::readAll).isInstanceOf(IOException.class);
            UpstreamResponse chunked = transport.send(get(server.uri("/")));
            assertThatThrownBy(chunked::readAll).isInstanceOf(IOException.class);
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(transport.idleConnections(server.uri("/"))).isZero();
        }
    }

    @Test
    void malformedChunkSizeFailsTheRead() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
            conn.awaitClientClose();
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThatThrownBy(response::readAll).isInstanceOf(MalformedResponseException.class);
        }
    }

    @Test
    void headersLargerThan64KiBAreA502() throws Exception {
        String big = "x".repeat(70 * 1024);
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            try {
                conn.write("HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\nContent-Length: 0\r\n\r\n");
            } catch (IOException e) {
                // the client may hang up before taking it all
            }
        })) {
            assertThatThrownBy(() -> transport.send(get(server.uri("/"))))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.upstreamStatus()).isEqualTo(502);
                        assertThat(e.code()).isEqualTo("bad_upstream_response");
                    });
        }
    }

    @Test
    void manyHeadersJustUnder64KiBAreAccepted() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            headers.append("X-H").append(i).append(": ").append("v".repeat(90)).append("\r\n");
        }
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: 2\r\n\r\nok");
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.headers()).hasSize(601).containsKey("x-h599");
            assertThat(text(response)).isEqualTo("ok");
        }
    }

    @Test
    void malformedHeadsAreA502() throws Exception {
        List<String> heads = List.of(
                "HTTP/2 200 OK\r\n\r\n",
                "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 099 Low\r\n\r\n",
                "ICY 200 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\n\r\n",
                "HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nSpace : before colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!",
                "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Bare: cr\rinside\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Len");
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(heads.get(index));
            conn.close();
        })) {
            for (String head : heads) {
                assertThatThrownBy(() -> transport.send(get(server.uri("/"))))
                        .as(head)
                        .isInstanceOfSatisfying(UpstreamException.class, e -> {
                            assertThat(e.upstreamStatus()).isEqualTo(502);
                            assertThat(e.code()).isEqualTo("bad_upstream_response");
                            assertThat(e.getMessage()).isEqualTo("The provider sent a malformed response.");
                        });
            }
            assertThat(server.accepted()).isEqualTo(heads.size());
        }
    }

    @Test
    void repeatedEqualContentLengthsAndLooseWhitespaceAreAccepted() throws Exception {
        try (ScriptServer server = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200\nContent-Length: 3, 3\nContent-Length:3\nX-Pad:\t spaced value \t\n\nabc");
        })) {
            UpstreamResponse response = transport.send(get(server.uri("/")));
            assertThat(response.headers()).containsEntry("x-pad", List.of("spaced value"));
            assertThat(text(response)).isEqualTo("abc");
        }
    }
}
