package dev.gatehouse.server.openai;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StringLiteralsTest {

    /** The plain reading: one byte at a time, a backslash taking the next byte with it. */
    private static int naive(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheQuoteThatEndsTheLiteral() {
        byte[] b = "ab\\\"cd\\\\\"tail\"".getBytes();
        assertThat(StringLiterals.closingQuote(b, 0, b.length)).isEqualTo(8);
        assertThat(StringLiterals.closingQuote(b, 0, 8)).as("not before the limit").isEqualTo(-1);
        byte[] trailingBackslash = "abcdefghij\\".getBytes();
        assertThat(StringLiterals.closingQuote(trailingBackslash, 0, trailingBackslash.length)).isEqualTo(-1);
    }

    /** Random bytes dense in quotes and backslashes, at every alignment: the same answer as the plain reading. */
    @Test
    void agreesWithAByteAtATimeScan() {
        Random random = new Random(11);
        byte[] alphabet = {'"', '\\', 'a', ' ', (byte) 0xE4, (byte) 0x22 ^ (byte) 0x80, (byte) 0x5C ^ 0x01, 0x21};
        for (int round = 0; round < 50_000; round++) {
            byte[] b = new byte[random.nextInt(64)];
            int density = 1 + random.nextInt(30);
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(density) == 0 ? alphabet[random.nextInt(2)] : alphabet[2 + random.nextInt(6)];
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertThat(StringLiterals.closingQuote(b, from, to)).isEqualTo(naive(b, from, to));
        }
    }
}
