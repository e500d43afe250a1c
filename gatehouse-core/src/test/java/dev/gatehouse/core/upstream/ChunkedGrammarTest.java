package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of chunked bodies, read by the decoder itself and by both transports over a socket: each must hand on
 * the same data, or fail with the same exception and message.
 */
class ChunkedGrammarTest extends LoopTransportFixture {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** A body and what reading it gives: "data:" and the bytes handed on, or the exception's class and message. */
    private record Case(String body, String outcome) {
        @Override
        public String toString() {
            return body.length() > 40 ? body.substring(0, 40) + "..." : body;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("5;name=value\r\nhello\r\n1\n \n6\r\nworld!\r\nA \t;x\r\n0123456789\r\n0\r\nX-T: t\r\n\r\n",
                    "data:hello world!0123456789"),
            new Case("00000000000001\r\nz\r\n5;" + "x".repeat(4096) + "\r\nhello\r\n0\r\n\r\n", "data:zhello"),
            new Case("1\r\na\r\n0\r\n" + "X: y\r\n".repeat(10_000) + "\r\n", "data:a"),
            new Case("0\r\n\r\n", "data:"),
            new Case("0\r\n\rX\r\n\r\n", "data:"),
            new Case("zz\r\nhello\r\n0\r\n\r\n", "MalformedResponseException: bad chunk size"),
            new Case("\r\n", "MalformedResponseException: bad chunk size"),
            new Case(" 5\r\nhello\r\n0\r\n\r\n", "MalformedResponseException: bad chunk size"),
            new Case("5\rhello\r\n0\r\n\r\n", "MalformedResponseException: bad chunk framing"),
            new Case("5x\r\nhello\r\n0\r\n\r\n", "MalformedResponseException: bad chunk framing"),
            new Case("5\r\nhelloX\r\n0\r\n\r\n", "MalformedResponseException: bad chunk framing"),
            new Case("5\r\nhello\rX\r\n0\r\n\r\n", "MalformedResponseException: bad chunk framing"),
            new Case("1234567890abcdef\r\n", "MalformedResponseException: chunk size too large"),
            new Case("5;" + "x".repeat(4097) + "\r\nhello\r\n0\r\n\r\n",
                    "MalformedResponseException: chunk extension too long"),
            new Case("0\r\n" + "X: y\r\n".repeat(11_000) + "\r\n", "MalformedResponseException: trailers too large"),
            new Case("10\r\nshort", "EOFException: Upstream chunked body ended inside a chunk"),
            new Case("5\r\nshort", "EOFException: Upstream chunked body ended early"),
            new Case("5\r\nshort\r\n", "EOFException: Upstream chunked body ended early"),
            new Case("5", "EOFException: Upstream chunked body ended early"),
            new Case("0\r\nX-Trailer: t", "EOFException: Upstream chunked body ended early"));

    private final SocketHttpTransport waiting = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5),
            8, Duration.ofSeconds(60));

    @AfterEach
    void closeWaiting() {
        waiting.close();
    }

    @Test
    void theDecoderGivesTheSameOutcomeWhereverTheBodyIsSplit() {
        for (Case c : CASES) {
            byte[] body = c.body.getBytes(StandardCharsets.ISO_8859_1);
            int step = body.length > 200 ? 997 : 1;
            for (int split = 0; split <= body.length; split += step) {
                assertThat(decode(body, split)).as("%s split at %d", c, split).isEqualTo(c.outcome);
            }
        }
    }

    @Test
    void bothTransportsReadEveryBodyAsTheDecoderDoes() throws Exception {
        for (Case c : CASES) {
            try (ScriptServer upstream = new ScriptServer((conn, index) -> {
                conn.readRequest();
                try {
                    conn.write(HEAD + c.body);
                } catch (IOException e) {
                    // the client may hang up before taking a body it refuses
                }
                conn.close();
            })) {
                assertThat(viaWaitingTransport(upstream)).as("waiting transport, %s", c).isEqualTo(c.outcome);
                assertThat(viaLoopTransport(upstream)).as("loop transport, %s", c).isEqualTo(c.outcome);
            }
        }
    }

    private String viaWaitingTransport(ScriptServer upstream) {
        try (UpstreamResponse response = waiting.send(SocketHttpTransportFramingTest.get(upstream.uri("/")))) {
            return "data:" + new String(response.readAll(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return outcome(e);
        }
    }

    private String viaLoopTransport(ScriptServer upstream) throws InterruptedException {
        LoopRecorder recorder = exchange(upstream.uri("/")).await();
        if (recorder.error == null) {
            return "data:" + new String(recorder.bytes(), StandardCharsets.ISO_8859_1);
        }
        return outcome(recorder.error.getCause());
    }

    /** Feeds the body to a decoder in two pieces, as a connection hands on reads. */
    private static String decode(byte[] body, int split) {
        ChunkDecoder decoder = new ChunkDecoder();
        try {
            String data = ChunkDecoderTest.decode(decoder, Arrays.copyOfRange(body, 0, split),
                    Arrays.copyOfRange(body, split, body.length));
            if (!decoder.ended()) {
                throw decoder.truncated();
            }
            return "data:" + data;
        } catch (IOException e) {
            return outcome(e);
        }
    }

    private static String outcome(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
