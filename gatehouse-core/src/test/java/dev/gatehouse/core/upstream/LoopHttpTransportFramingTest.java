package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link LoopHttpTransport} reads response framing from bytes split anywhere, against raw-socket upstreams. */
class LoopHttpTransportFramingTest extends LoopTransportFixture {
    /** Chunk extensions, a bare-LF chunk, trailers: decoded to "hello world!". */
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nX-Multi: a\r\nTransfer-Encoding: gzip, chunked\r\n"
            + "x-multi: b\r\n\r\n5;name=value\r\nhello\r\n1\n \n6\r\nworld!\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n";

    private static String fixed(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void statusHeadersAndContentLengthBody() throws Exception {
        try (ScriptServer upstream = answering("HTTP/1.1 201 Created\r\nX-Multi: a\r\nX-MULTI: b\r\n"
                + "Content-Length: 5\r\n\r\nhello")) {
            LoopRecorder response = exchange(upstream.uri("/")).awaitEnd();
            assertThat(response.status).isEqualTo(201);
            assertThat(response.bodyLength).as("the Content-Length, with the head").isEqualTo(5);
            assertThat(response.headers).containsEntry("x-multi", List.of("a", "b"))
                    .containsEntry("content-length", List.of("5"));
            assertThat(response.text()).isEqualTo("hello");
            assertThat(pooled(upstream.uri("/"))).isEqualTo(1);
        }
    }

    @Test
    void chunkedBodySentByteByByteAndTheConnectionKept() throws Exception {
        try (ScriptServer upstream = answering(1, CHUNKED, fixed("next"))) {
            LoopRecorder response = exchange(upstream.uri("/")).awaitEnd();
            assertThat(response.headers).containsEntry("transfer-encoding", List.of("gzip, chunked"))
                    .containsEntry("x-multi", List.of("a", "b")).doesNotContainKey("x-trailer");
            assertThat(response.text()).isEqualTo("hello world!");
            assertThat(response.bodyLength).as("chunked: not stated").isEqualTo(-1);
            assertThat(fetch(upstream.uri("/"))).isEqualTo("next");
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void headsAndBodiesSplitAtOddPlaces() throws Exception {
        String big = "0123456789abcdef".repeat(5000); // 80,000 bytes: more than the loop's read buffer
        String bigChunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n3\r\nend\r\n0\r\n\r\n";
        for (int piece : new int[] {2, 3, 5, 7, 11, 13, 64, 1000, 4099}) {
            try (ScriptServer upstream = answering(piece, CHUNKED, bigChunked, fixed(big))) {
                assertThat(fetch(upstream.uri("/"))).as("pieces of %d", piece).isEqualTo("hello world!");
                assertThat(fetch(upstream.uri("/"))).as("pieces of %d", piece).isEqualTo(big + "end");
                assertThat(fetch(upstream.uri("/"))).as("pieces of %d", piece).isEqualTo(big);
                assertThat(upstream.accepted()).isEqualTo(1);
            }
        }
    }

    @Test
    void bodiesWithoutLengthRunUntilCloseOnConnectionsNotReused() throws Exception {
        List<String> responses = List.of("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nraw bytes");
        try (ScriptServer upstream = hangingUp(responses)) {
            LoopRecorder untilClose = exchange(upstream.uri("/")).awaitEnd();
            assertThat(untilClose.text()).isEqualTo("until close");
            LoopRecorder unknownCoding = exchange(upstream.uri("/")).awaitEnd();
            assertThat(unknownCoding.text()).as("unknown coding, length ignored").isEqualTo("raw bytes");
            assertThat(List.of(untilClose.bodyLength, unknownCoding.bodyLength)).containsOnly(-1L);
            assertThat(upstream.accepted()).isEqualTo(2);
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void chunkedAlongsideContentLengthIsReadChunkedThenDropped() throws Exception {
        try (ScriptServer upstream = answering("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")) {
            LoopRecorder response = exchange(upstream.uri("/")).awaitEnd();
            assertThat(response.text()).isEqualTo("abc");
            assertThat(response.bodyLength).as("read chunked, so not stated").isEqualTo(-1);
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void responsesWithoutBodyEndAtTheirHead() throws Exception {
        try (ScriptServer upstream = answering("HTTP/1.1 204 No Content\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                fixed("last"))) {
            URI uri = upstream.uri("/");
            LoopRecorder noContent = exchange(uri).awaitEnd();
            LoopRecorder notModified = exchange(uri).awaitEnd();
            LoopRecorder head = exchange(new UpstreamRequest("HEAD", uri, Map.of(), null, false)).awaitEnd();
            LoopRecorder empty = exchange(uri).awaitEnd();
            assertThat(List.of(noContent.status, notModified.status, head.status, empty.status))
                    .containsExactly(204, 304, 200, 200);
            assertThat(head.headers).containsEntry("content-length", List.of("100"));
            for (LoopRecorder response : List.of(noContent, notModified, head, empty)) {
                assertThat(response.bodyCalls).isZero();
                assertThat(response.bodyLength).as("no body follows").isZero();
            }
            assertThat(fetch(uri)).isEqualTo("last");
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void interimHeadsAreSkipped() throws Exception {
        try (ScriptServer upstream = answering(9, "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n" + fixed("final"))) {
            LoopRecorder response = exchange(upstream.uri("/")).awaitEnd();
            assertThat(response.status).isEqualTo(200);
            assertThat(response.headers).doesNotContainKey("link");
            assertThat(response.text()).isEqualTo("final");
        }
    }

    @Test
    void anHttp10ConnectionIsKeptOnlyWhenItSaysKeepAlive() throws Exception {
        try (ScriptServer upstream = answering("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n"
                + "\r\nka", "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nbye")) {
            assertThat(List.of(fetch(upstream.uri("/")), fetch(upstream.uri("/")))).containsExactly("ka", "bye");
            assertThat(upstream.accepted()).isEqualTo(1);
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void bytesAfterTheBodyMakeTheConnectionUnfitForReuse() throws Exception {
        try (ScriptServer upstream = answering(fixed("ok") + "HTTP/1.1 408 Request Timeout\r\n\r\n")) {
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void largeBodiesArriveWhole() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 12));
        }
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n");
            conn.write(big);
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length)
                    + "\r\n");
            conn.write(big);
            conn.write("\r\n0\r\n\r\n");
            conn.awaitClientClose();
        })) {
            assertThat(exchange(upstream.uri("/")).awaitEnd().bytes()).isEqualTo(big);
            assertThat(exchange(upstream.uri("/")).awaitEnd().bytes()).isEqualTo(big);
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aBodyCutShortIsAResponseThatBrokeOff() throws Exception {
        try (ScriptServer upstream = hangingUp(List.of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nshort\r\n"))) {
            for (int i = 0; i < 3; i++) {
                LoopRecorder response = exchange(upstream.uri("/"));
                UpstreamException error = response.awaitFailure();
                assertThat(response.status).isEqualTo(200);
                assertThat(error.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
                assertThat(error.code()).isEqualTo("upstream_interrupted");
                assertThat(error.getMessage()).isEqualTo("The provider's response broke off.");
                assertThat(error.getCause()).isInstanceOf(EOFException.class);
            }
            assertThat(upstream.accepted()).isEqualTo(3);
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void brokenChunkFramingFailsTheResponseAfterItsHead() throws Exception {
        String start = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        List<String> responses = List.of(start + "zz\r\nhello\r\n0\r\n\r\n", start + "5\r\nhelloX\r\n0\r\n\r\n",
                start + "1234567890abcdef\r\n", start + "5;" + "x".repeat(5000) + "\r\nhello\r\n0\r\n\r\n",
                start + "0\r\n" + "X-Trailer: t\r\n".repeat(5000) + "\r\n");
        try (ScriptServer upstream = hangingUp(responses)) {
            for (String response : responses) {
                LoopRecorder recorder = exchange(upstream.uri("/"));
                UpstreamException error = recorder.awaitFailure();
                String what = response.substring(start.length(), start.length() + 12);
                assertThat(recorder.status).as(what).isEqualTo(200);
                assertThat(error.upstreamStatus()).as(what).isEqualTo(502);
                assertThat(error.code()).isEqualTo("bad_upstream_response");
                assertThat(error.getCause()).isInstanceOf(MalformedResponseException.class);
            }
        }
    }

    @Test
    void malformedHeadsAreBadGateway() throws Exception {
        List<String> heads = List.of(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n",
                "HTTP/1.1 200 OK\r\n\rX\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Len",
                "ICY 200 OK\r\n\r\n",
                "HTTP/2 200 OK\r\n\r\n",
                "HTTP/1.1 099 Low\r\n\r\n",
                "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Bare: cr\rinside\r\n\r\n",
                "HTTP/1.1 200 OK\r\nSpace : before colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        try (ScriptServer upstream = hangingUp(heads)) {
            for (String head : heads) {
                LoopRecorder response = exchange(upstream.uri("/"));
                UpstreamException error = response.awaitFailure();
                assertThat(response.headSeen.getCount()).as(head).isEqualTo(1);
                assertThat(error.upstreamStatus()).as(head).isEqualTo(502);
                assertThat(error.code()).isEqualTo("bad_upstream_response");
                assertThat(error.getMessage()).isEqualTo("The provider sent a malformed response.");
            }
            assertThat(upstream.accepted()).isEqualTo(heads.size());
        }
    }

    @Test
    void theHeadLimitIs64KiBInAll() throws Exception {
        String filler = IntStream.range(0, 640).mapToObj(n -> "X-Filler-" + n + ": " + "w".repeat(80))
                .collect(Collectors.joining("\r\n", "", "\r\n")); // about 60 KiB of headers
        String tooBig = "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(70 * 1024) + "\r\nContent-Length: 0\r\n\r\n";
        String tooBigWithInterim = "HTTP/1.1 103 Early Hints\r\n" + filler + "\r\nHTTP/1.1 200 OK\r\n" + filler
                + "Content-Length: 0\r\n\r\n";
        try (ScriptServer upstream = hangingUp(List.of(tooBig, tooBigWithInterim,
                "HTTP/1.1 200 OK\r\n" + filler + "Content-Length: 2\r\n\r\nok"))) {
            for (int i = 0; i < 2; i++) {
                UpstreamException error = exchange(upstream.uri("/")).awaitFailure();
                assertThat(error.upstreamStatus()).isEqualTo(502);
                assertThat(error.code()).isEqualTo("bad_upstream_response");
            }
            LoopRecorder response = exchange(upstream.uri("/")).awaitEnd();
            assertThat(response.headers).hasSize(641).containsKey("x-filler-639");
            assertThat(response.text()).isEqualTo("ok");
        }
    }

    @Test
    void equalContentLengthsBareLineFeedsAndPaddedValuesAreAccepted() throws Exception {
        try (ScriptServer upstream = answering(4,
                "HTTP/1.1 200\nContent-Length: 3, 3\nContent-Length:3\nX-Pad:\t spaced value \t\n\nabc")) {
            LoopRecorder response = exchange(upstream.uri("/")).awaitEnd();
            assertThat(response.headers).containsEntry("x-pad", List.of("spaced value"));
            assertThat(response.text()).isEqualTo("abc");
        }
    }

    @Test
    void theLoopsOneReadBufferServesConnectionsReadInTurn() throws Exception {
        try (ScriptServer first = answering(7, fixed("a".repeat(100_000)));
             ScriptServer second = answering(5, CHUNKED)) {
            LoopRecorder one = exchange(first.uri("/"));
            LoopRecorder two = exchange(second.uri("/"));
            assertThat(one.awaitEnd().text()).isEqualTo("a".repeat(100_000));
            assertThat(two.awaitEnd().text()).isEqualTo("hello world!");
        }
    }
}
