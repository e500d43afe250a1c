package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ChunkDecoder} fed the same bodies split at every place, and malformed framing. */
class ChunkDecoderTest {

    /** Feeds the pieces in turn; returns the data and where the body ended in the last piece (-1: not ended). */
    private static String decode(ChunkDecoder decoder, byte[]... pieces) throws MalformedResponseException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            int pos = 0;
            while (pos < piece.length && !decoder.ended()) {
                pos = decoder.frame(piece, pos, piece.length);
                int n = (int) Math.min(decoder.data(), piece.length - pos);
                if (n > 0) {
                    data.write(piece, pos, n);
                    decoder.consumed(n);
                    pos += n;
                }
            }
        }
        return data.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesTheSameWhereverTheBytesAreSplit() throws Exception {
        String body = "5;name=value\r\nhello\r\n1\n \n6\r\nworld!\r\nA \t;x\r\n0123456789\r\n"
                + "0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n";
        byte[] whole = bytes(body);
        for (int a = 0; a <= whole.length; a++) {
            for (int b = a; b <= whole.length; b += 3) {
                ChunkDecoder decoder = new ChunkDecoder();
                decoder.reset();
                String data = decode(decoder, java.util.Arrays.copyOfRange(whole, 0, a),
                        java.util.Arrays.copyOfRange(whole, a, b), java.util.Arrays.copyOfRange(whole, b,
                                whole.length));
                assertThat(data).as("split at %d and %d", a, b).isEqualTo("hello world!0123456789");
                assertThat(decoder.ended()).isTrue();
            }
        }
    }

    @Test
    void stopsAtTheEndOfTheBody() throws Exception {
        ChunkDecoder decoder = new ChunkDecoder();
        decoder.reset();
        byte[] input = bytes("2\r\nhi\r\n0\r\n\r\nHTTP/1.1 200 OK");
        int pos = decoder.frame(input, 0, input.length);
        assertThat(pos).isEqualTo(3);
        assertThat(decoder.data()).isEqualTo(2);
        decoder.consumed(2);
        assertThat(decoder.frame(input, 5, input.length)).isEqualTo(input.length - "HTTP/1.1 200 OK".length());
        assertThat(decoder.ended()).isTrue();
        decoder.reset();
        assertThat(decoder.ended()).isFalse();
        assertThat(decode(decoder, bytes("1\r\nx\r\n0\r\n\r\n"))).isEqualTo("x");
    }

    @Test
    void malformedFramingIsRefused() {
        for (String body : List.of("zz\r\n", "\r\n", "5\rhello", "5\r\nhelloX", "5\r\nhello\rX",
                "1234567890abcdef\r\n", "5;" + "x".repeat(4097) + "y", "0\r\n" + "X: y\r\n".repeat(11_000))) {
            ChunkDecoder decoder = new ChunkDecoder();
            decoder.reset();
            assertThatThrownBy(() -> decode(decoder, bytes(body)))
                    .as(body.length() > 40 ? body.substring(0, 40) : body)
                    .isInstanceOf(MalformedResponseException.class);
        }
    }

    @Test
    void limitsAreThoseOfTheWaitingDecoder() throws Exception {
        ChunkDecoder decoder = new ChunkDecoder();
        decoder.reset();
        assertThat(decode(decoder, bytes("00000000000001\r\nz\r\n5;" + "x".repeat(4096) + "\r\nhello\r\n0\r\n\r\n")))
                .isEqualTo("zhello");
    }
}
