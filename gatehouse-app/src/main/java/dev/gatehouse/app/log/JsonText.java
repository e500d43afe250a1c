package dev.gatehouse.app.log;

import java.nio.charset.StandardCharsets;

/**
 * Writes JSON strings and numbers as UTF-8 straight into a {@link LineBuffer}, with no String, char[] or byte[] of
 * their own. The escapes are those of logback's {@code JsonEscapeUtil}, so lines stay byte-for-byte what logback's
 * {@code JsonEncoder} writes: {@code \"}, {@code \\}, {@code \/}, {@code \b \t \n \f \r} and <code>&#92;u00XX</code>
 * (upper-case hex) for the other control characters; everything else is written as itself in UTF-8. A lone surrogate
 * becomes {@code ?}, as {@code String.getBytes(UTF_8)} makes it, so no string yields invalid UTF-8.
 */
final class JsonText {
    /** What a char below 0x80 needs: to be written as it is, to be escaped, or to be escaped where logback does. */
    private static final byte AS_IS = 0;
    private static final byte ESCAPED = 1;
    private static final byte SOLIDUS = 2;
    private static final byte[] KIND = new byte[0x80];
    private static final byte[][] ESCAPES = new byte[0x80][];

    private static final byte[] QUOTED_NULL = ascii("\"null\"");
    private static final byte[] NULL = ascii("null");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));
    /** "00" to "99": numbers are written two digits at a time. */
    private static final byte[] DIGIT_PAIRS = digitPairs();
    /** Chars written per room reservation: a huge string never reserves three times its length at once. */
    private static final int CHUNK = 1024;
    /** Room made per char: a char of the Basic Plane takes at most three bytes, a surrogate pair four for two. */
    private static final int BYTES_PER_CHAR = 3;
    /** The longest escape, <code>&#92;u00XX</code>: room for its other three bytes is made when one is written. */
    private static final int ESCAPE_BYTES = 6;

    static {
        String hex = "0123456789ABCDEF";
        for (char c = 0; c < 0x20; c++) {
            KIND[c] = ESCAPED;
            ESCAPES[c] = ascii(switch (c) {
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\f' -> "\\f";
                case '\r' -> "\\r";
                default -> "\\u00" + hex.charAt(c >> 4) + hex.charAt(c & 0xF);
            });
        }
        KIND['"'] = ESCAPED;
        ESCAPES['"'] = ascii("\\\"");
        KIND['\\'] = ESCAPED;
        ESCAPES['\\'] = ascii("\\\\");
        KIND['/'] = SOLIDUS;
        ESCAPES['/'] = ascii("\\/");
    }

    private JsonText() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code s} as a quoted JSON string, escaped as logback escapes it; {@code null} as {@code "null"}. */
    static void string(LineBuffer out, String s) {
        string(out, s, true);
    }

    /**
     * Writes one of the strings logback writes unescaped (logger and class names, stack frames), escaping only what
     * JSON requires: a name logback writes as valid JSON comes out the same ({@code /} of hidden classes' names
     * included), and one that would break the line is escaped instead.
     */
    static void name(LineBuffer out, String s) {
        string(out, s, false);
    }

    /**
     * Writes {@code s} escaped as {@link #string} escapes it, without the quotes: a part of a string written in pieces.
     * {@code null} is written as {@code null}, as {@code StringBuilder.append} writes it.
     */
    static void part(LineBuffer out, String s) {
        if (s == null) {
            out.write(NULL);
        } else {
            string(out, s, true, false);
        }
    }

    private static void string(LineBuffer out, String s, boolean escapeSolidus) {
        if (s == null) {
            out.write(QUOTED_NULL);
        } else {
            string(out, s, escapeSolidus, true);
        }
    }

    private static void string(LineBuffer out, String s, boolean escapeSolidus, boolean quoted) {
        int length = s.length();
        int p = out.size();
        byte[] b = out.reserve(2 + Math.min(length, CHUNK) * BYTES_PER_CHAR);
        if (quoted) {
            b[p++] = '"';
        }
        int i = 0;
        while (i < length) {
            int end = Math.min(length, i + CHUNK);
            if (end < length && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--; // a pair is written from one chunk
            }
            if (i > 0) {
                out.size(p);
                b = out.reserve(1 + (end - i) * BYTES_PER_CHAR);
            }
            while (i < end) {
                // The common case, a run of ASCII written as it is: one index for both arrays, a tight loop.
                int offset = p - i;
                for (; i < end; i++) {
                    char c = s.charAt(i);
                    if (c >= 0x80 || KIND[c] != AS_IS) {
                        break;
                    }
                    b[offset + i] = (byte) c;
                }
                p = offset + i;
                if (i == end) {
                    break;
                }
                char c = s.charAt(i++);
                if (c < 0x80) {
                    if (KIND[c] == SOLIDUS && !escapeSolidus) {
                        b[p++] = (byte) c;
                    } else {
                        int room = ESCAPE_BYTES + (end - i) * BYTES_PER_CHAR + 1;
                        if (b.length - p < room) {
                            out.size(p);
                            b = out.reserve(room);
                        }
                        for (byte e : ESCAPES[c]) {
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
                } else if (Character.isHighSurrogate(c) && i < end && Character.isLowSurrogate(s.charAt(i))) {
                    int cp = Character.toCodePoint(c, s.charAt(i++));
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    b[p++] = '?';
                }
            }
        }
        if (quoted) {
            b[p++] = '"';
        }
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
        for (long limit = 10; digits < 19 && v >= limit; limit *= 10) {
            digits++;
        }
        int end = p + digits;
        int i = end;
        while (v >= 100) {
            int pair = (int) (v % 100) << 1;
            v /= 100;
            b[--i] = DIGIT_PAIRS[pair + 1];
            b[--i] = DIGIT_PAIRS[pair];
        }
        if (v >= 10) {
            b[--i] = DIGIT_PAIRS[((int) v << 1) + 1];
            b[--i] = DIGIT_PAIRS[(int) v << 1];
        } else {
            b[--i] = (byte) ('0' + v);
        }
        out.size(end);
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int n = 0; n < 100; n++) {
            pairs[2 * n] = (byte) ('0' + n / 10);
            pairs[2 * n + 1] = (byte) ('0' + n % 10);
        }
        return pairs;
    }
}
