package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed set of ASCII strings, each with its bytes as they go on the wire (the string, then a suffix such as
 * {@code ": "} or CRLF). Found by length first, so a string of a length the table does not hold costs one array read:
 * a handler's own values (request ids, say) pass by at almost no cost. Immutable, so shared by every loop.
 */
final class TextTable {
    private final String[][] strings;
    private final byte[][][] encoded;

    TextTable(List<String> entries, String suffix) {
        int longest = 0;
        for (String entry : entries) {
            longest = Math.max(longest, entry.length());
        }
        strings = new String[longest + 1][];
        encoded = new byte[longest + 1][][];
        for (String entry : entries) {
            int n = entry.length();
            int at = strings[n] == null ? 0 : strings[n].length;
            strings[n] = strings[n] == null ? new String[1] : Arrays.copyOf(strings[n], at + 1);
            encoded[n] = encoded[n] == null ? new byte[1][] : Arrays.copyOf(encoded[n], at + 1);
            strings[n][at] = entry;
            encoded[n][at] = (entry + suffix).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The bytes of {@code text} and the suffix when the table holds {@code text} (case-sensitive), else null. */
    byte[] encoded(String text) {
        int n = text.length();
        if (n >= strings.length) {
            return null;
        }
        String[] candidates = strings[n];
        if (candidates == null) {
            return null;
        }
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i].equals(text)) {
                return encoded[n][i];
            }
        }
        return null;
    }

    /** The table's string spelled exactly by {@code b[from, to)}, or null. */
    String string(byte[] b, int from, int to) {
        int n = to - from;
        if (n >= strings.length) {
            return null;
        }
        byte[][] candidates = encoded[n];
        if (candidates == null) {
            return null;
        }
        for (int i = 0; i < candidates.length; i++) {
            if (Arrays.equals(candidates[i], 0, n, b, from, to)) {
                return strings[n][i];
            }
        }
        return null;
    }
}
