package dev.gatehouse.server.openai;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finding where a JSON string literal ends in a body's bytes, eight bytes at a time, without decoding it. */
final class StringLiterals {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;

    private StringLiterals() {
    }

    /**
     * The index in {@code b} of the quote that closes a string literal whose inside starts at {@code from}, or -1 when
     * none does before {@code to}. A backslash escapes the byte after it; nothing else is checked here (the parser
     * that reads the literal checks its escapes, characters and encoding).
     */
    static int closingQuote(byte[] b, int from, int to) {
        int i = from;
        while (true) {
            while (i + 8 <= to && !quoteOrBackslash((long) LONGS.get(b, i))) {
                i += 8;
            }
            if (i >= to) {
                return -1;
            }
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    /** Whether any of a word's eight bytes is a quote or a backslash (the classic test for a zero byte, twice). */
    private static boolean quoteOrBackslash(long word) {
        long q = word ^ QUOTES;
        long s = word ^ BACKSLASHES;
        return (((q - ONES) & ~q | (s - ONES) & ~s) & HIGH_BITS) != 0;
    }
}
