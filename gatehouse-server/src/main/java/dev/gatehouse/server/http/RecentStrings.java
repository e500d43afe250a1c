package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last few distinct strings read from request bytes, on one loop. A gateway sees the same few request-targets
 * over and over, so most requests get the String made for an earlier one instead of a new one: comparing the bytes
 * costs less than making and later collecting it. Bounded (a few entries, short strings only) and replaced in turn, so
 * a client sending ever new targets costs one comparison per entry. Not thread-safe: one per loop.
 */
final class RecentStrings {
    private final byte[][] bytes;
    private final String[] strings;
    private final int maxLength;
    private int next;

    RecentStrings(int entries, int maxLength) {
        this.bytes = new byte[entries][];
        this.strings = new String[entries];
        this.maxLength = maxLength;
    }

    /** {@code b[from, to)} as ISO-8859-1 text; the same String as before when these bytes came recently. */
    String get(byte[] b, int from, int to) {
        int length = to - from;
        if (length > maxLength) {
            return new String(b, from, length, StandardCharsets.ISO_8859_1);
        }
        for (int i = 0; i < bytes.length; i++) {
            byte[] known = bytes[i];
            if (known == null) {
                break; // filled in order, never emptied
            }
            if (known.length == length && Arrays.equals(known, 0, length, b, from, to)) {
                return strings[i];
            }
        }
        byte[] copy = Arrays.copyOfRange(b, from, to);
        String s = new String(copy, StandardCharsets.ISO_8859_1);
        bytes[next] = copy;
        strings[next] = s;
        next = next + 1 == bytes.length ? 0 : next + 1;
        return s;
    }
}
