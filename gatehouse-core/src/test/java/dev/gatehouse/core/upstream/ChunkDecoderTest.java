package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChunkDecoder} fed the same body split at every two places, and stopping where the body ends. The grammar's
 * cases, valid and malformed, are in {@link ChunkedGrammarTest}, run through both transports too.
 */
class ChunkDecoderTest {

    /** Feeds the pieces in turn; returns the data and where the body ended in the last piece (-1: not ended). */
    static String decode(ChunkDecoder decoder, byte[]... pieces) throws MalformedResponseException {
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
}
