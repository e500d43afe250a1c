package dev.gatehouse.spi;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding a string literal's end and checking its bytes in one pass agrees with doing each the plain way. */
class JsonStringLiteralTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The plain reading: one byte at a time, a backslash taking the next byte with it if that is ASCII. */
    private static int closingQuote(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                if (i + 1 < to && b[i + 1] < 0) {
                    return -1;
                }
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean jdkAccepts(byte[] b, int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void endsAtTheQuoteThatIsNotEscaped() {
        byte[] b = ascii("ab\\\"cd\\\\\"tail\"");
        assertThat(JsonString.literal(b, 0, b.length, 0).utf8()).isEqualTo(ascii("ab\\\"cd\\\\"));
        assertThat(JsonString.literal(b, 0, 8, 0)).as("no quote before the limit").isNull();
        assertThat(JsonString.literal(b, 0, b.length, 9)).as("shorter than asked").isNull();
        byte[] trailingBackslash = ascii("abcdefghij\\");
        assertThat(JsonString.literal(trailingBackslash, 0, trailingBackslash.length, 0)).isNull();
        byte[] overlongQuote = {'a', (byte) 0xC0, (byte) 0xA2, 'b', '"'};
        assertThat(JsonString.literal(overlongQuote, 0, overlongQuote.length, 0)).as("not strict UTF-8").isNull();
    }

    /**
     * Random bytes dense in quotes, backslashes and the bytes of UTF-8 sequences, good and bad, at every alignment:
     * kept exactly when the plain reading finds a quote and the JDK's strict decoder accepts what lies before it.
     */
    @Test
    void agreesWithTheQuoteAndTheDecoderTakenApart() {
        Random random = new Random(11);
        byte[][] pieces = {{'"'}, {'\\'}, {'a'}, {' '}, {(byte) 0xA2}, {0x5D}, {(byte) 0xC3, (byte) 0xA9},
            {(byte) 0xE2, (byte) 0x80, (byte) 0x99}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xA2}, {(byte) 0xE4}};
        for (int round = 0; round < 100_000; round++) {
            byte[] b = new byte[80];
            int length = 0;
            int plain = 2 + random.nextInt(40);
            while (true) {
                int k = random.nextInt(plain) < 2 ? random.nextInt(2) : random.nextInt(plain) < 4
                        ? 4 + random.nextInt(pieces.length - 4) : 2 + random.nextInt(2);
                if (length + pieces[k].length > b.length) {
                    break;
                }
                System.arraycopy(pieces[k], 0, b, length, pieces[k].length);
                length += pieces[k].length;
            }
            int from = random.nextInt(length + 1);
            int to = from + random.nextInt(length - from + 1);
            int quote = closingQuote(b, from, to);
            boolean kept = quote >= 0 && jdkAccepts(b, from, quote);
            JsonString literal = JsonString.literal(b, from, to, 0);
            assertThat(literal != null).as("%s from %d to %d", Arrays.toString(b), from, to).isEqualTo(kept);
            if (kept) {
                assertThat(literal.utf8()).isEqualTo(Arrays.copyOfRange(b, from, quote));
            }
        }
    }
}
