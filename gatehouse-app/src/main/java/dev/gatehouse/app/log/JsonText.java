package dev.gatehouse.app.log;

import java.nio.charset.StandardCharsets;

/**
 * Writes JSON strings and numbers as UTF-8 straight into a {@link LineBuffer}, without an intermediate String or char
 * array. The escapes are those of logback's {@code JsonEscapeUtil}, so lines stay byte-for-byte what logback's
 * {@code JsonEncoder} writes: {@code \"}, {@code \\}, {@code \/}, {@code \b \t \n \f \r} and <code>&#92;u00XX</code> (upper-case
 * hex) for the other control characters; everything else is written as itself in UTF-8. A lone surrogate becomes
 * {@code ?}, as {@code String.getBytes(UTF_8)} makes it, so no string yields invalid UTF-8.
 */
final class JsonText {
    /** Escapes of every value logback escapes ({@code /} included). */
    static final byte[][] FULL = escapes(true);
    /**
     * Escapes for the values logback writes unescaped (logger and class names, stack frames): only what JSON requires,
     * so a name logback writes as valid JSON comes out the same, {@code /} of hidden classes' names included, and one
     * that would break the line is escaped instead.
     */
    static final byte[][] REQUIRED = escapes(false);

    private static final byte[] QUOTED_NULL = ascii("\"null\"");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));
    /** Characters escaped per room reservation: a huge string never reserves six times its length at once. */
    private static final int CHUNK = 1024;
    /** The most bytes one char can take: <code>&#92;u00XX</code>. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    private JsonText() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code s} as a quoted JSON string with the given escapes; {@code null} as the string {@code "null"}. */
    static void string(LineBuffer out, String s, byte[][] escapes) {
        if (s == null) {
            out.write(QUOTED_NULL);
            return;
        }
        int length = s.length();
        int p = out.size();
        byte[] b = out.reserve(2 + Math.min(length, CHUNK) * MAX_BYTES_PER_CHAR);
        b[p++] = '"';
        int i = 0;
        while (i < length) {
            int end = Math.min(length, i + CHUNK);
            if (i > 0) {
                out.size(p);
                b = out.reserve(1 + (end - i) * MAX_BYTES_PER_CHAR);
            }
            for (; i < end; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    byte[] escape = escapes[c];
                    if (escape == null) {
                        b[p++] = (byte) c;
                    } else {
                        for (byte e : escape) {
                            b[p++] = e;
                        }
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else if (!Character.isSurrogate(c)) {
                    b[p++] = (byte) (0xE0 | c >> 12);
                    b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i)); // two chars, four bytes: within the room made
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    b[p++] = '?';
                }
            }
        }
        b[p++] = '"';
        out.size(p);
    }

    /** Writes {@code v} in decimal. */
    static void number(LineBuffer out, long v) {
        if (v == Long.MIN_VALUE) {
            out.write(LONG_MIN);
            return;
        }
        int p = out.size();
        byte[] b = out.reserve(20);
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        out.size(end);
    }

    private static byte[][] escapes(boolean solidus) {
        byte[][] table = new byte[0x80][];
        String hex = "0123456789ABCDEF";
        for (char c = 0; c < 0x20; c++) {
            table[c] = ascii(switch (c) {
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\f' -> "\\f";
                case '\r' -> "\\r";
                default -> "\\u00" + hex.charAt(c >> 4) + hex.charAt(c & 0xF);
            });
        }
        table['"'] = ascii("\\\"");
        table['\\'] = ascii("\\\\");
        if (solidus) {
            table['/'] = ascii("\\/");
        }
        return table;
    }
}
