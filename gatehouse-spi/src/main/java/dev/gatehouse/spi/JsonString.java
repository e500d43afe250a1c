package dev.gatehouse.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A string as a client wrote it in JSON: the UTF-8 bytes between its quotes, escapes as they were. The request parser
 * makes a long text of one ({@link ContentPart.Text#spelled}), so that a codec writing that text into the provider's
 * JSON can copy the bytes instead of encoding the text again, and a text nobody reads is never decoded: both are most
 * of what a long prompt costs the gateway. The bytes are written between quotes unchanged, so only a JSON parser that
 * accepts them as one valid string literal may make one; {@link #of} adds the check a lenient parser leaves out
 * (strict UTF-8).
 */
public final class JsonString {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;

    private final byte[] utf8;

    private JsonString(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * A copy of {@code source[offset, offset + length)}, the inside of a string literal a JSON parser has accepted, or
     * {@code null} when those bytes are not strict UTF-8 (an overlong form, an encoded surrogate, a code point above
     * U+10FFFF, a cut-off sequence): parsers that accept such bytes decode them to text that would then be sent on
     * in a spelling the provider's parser might read differently.
     */
    public static JsonString of(byte[] source, int offset, int length) {
        if (!isStrictUtf8(source, offset, offset + length)) {
            return null;
        }
        return new JsonString(Arrays.copyOfRange(source, offset, offset + length));
    }

    /**
     * The spelling of a string literal in {@code source} whose inside starts at {@code from}, just after its opening
     * quote: a copy of the bytes up to the quote that closes it, or {@code null} when there is no such quote before
     * {@code to}, when the bytes are fewer than {@code minLength}, or when they are not strict UTF-8 (as {@link #of}).
     * One pass, eight bytes at a time where they are plain ASCII. A backslash escapes the ASCII byte after it (one
     * before any other byte gives {@code null}); escapes are not otherwise checked here, so only a JSON parser that
     * checks them as it reads past the literal may use this.
     */
    public static JsonString literal(byte[] source, int from, int to, int minLength) {
        int i = from;
        while (true) {
            while (i + 8 <= to) {
                long found = special((long) LONGS.get(source, i));
                if (found != 0) {
                    i += Long.numberOfTrailingZeros(found) >>> 3; // to the first byte that needs a look
                    break;
                }
                i += 8;
            }
            if (i >= to) {
                return null;
            }
            int c = source[i];
            if (c == '"') {
                break;
            } else if (c == '\\') {
                if (i + 1 < to && source[i + 1] < 0) {
                    return null; // not an escape JSON has: the parser reports it
                }
                i += 2;
            } else if (c >= 0) {
                i++;
            } else {
                int n = sequenceLength(source, i, to);
                if (n == 0) {
                    return null;
                }
                i += n;
            }
        }
        return i - from < minLength ? null : new JsonString(Arrays.copyOfRange(source, from, i));
    }

    /**
     * The high bit of each byte of a (little-endian) word that is a quote, a backslash or above ASCII, by the classic
     * test for a zero byte, twice; 0 for none. Bytes after the first one marked may be marked wrongly, never before.
     */
    private static long special(long word) {
        long q = word ^ QUOTES;
        long s = word ^ BACKSLASHES;
        return (q - ONES & ~q | s - ONES & ~s | word) & HIGH_BITS;
    }

    /** The bytes between the quotes. The array is this object's own: read it, never change it. */
    public byte[] utf8() {
        return utf8;
    }

    public int length() {
        return utf8.length;
    }

    /**
     * The text these bytes spell: UTF-8 decoded, JSON's escapes resolved ({@code \\uXXXX} one UTF-16 unit each, as a
     * JSON parser reads them, so a pair makes one character and a lone surrogate stays one).
     *
     * @throws IllegalArgumentException for an escape JSON does not have, which a parser that accepted them would not
     */
    public String decode() {
        byte[] b = utf8;
        int escape = indexOfBackslash(b, 0);
        if (escape < 0) {
            return new String(b, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(b.length);
        int from = 0;
        while (escape >= 0) {
            out.append(new String(b, from, escape - from, StandardCharsets.UTF_8));
            if (escape + 1 >= b.length) {
                throw badEscape();
            }
            int c = b[escape + 1];
            from = escape + 2;
            switch (c) {
                case '"', '\\', '/' -> out.append((char) c);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (from + 4 > b.length) {
                        throw badEscape();
                    }
                    int unit = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(b[from + k], 16);
                        if (digit < 0) {
                            throw badEscape();
                        }
                        unit = unit << 4 | digit;
                    }
                    out.append((char) unit);
                    from += 4;
                }
                default -> throw badEscape();
            }
            escape = indexOfBackslash(b, from);
        }
        out.append(new String(b, from, b.length - from, StandardCharsets.UTF_8));
        return out.toString();
    }

    private static int indexOfBackslash(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException badEscape() {
        return new IllegalArgumentException("not a JSON string: an escape JSON does not have");
    }

    /** Length only: the text is the content's, printed (or not) by whoever holds it. */
    @Override
    public String toString() {
        return "JsonString[" + utf8.length + " bytes]";
    }

    /** Whether {@code b[from, to)} is well-formed UTF-8 (RFC 3629: shortest forms, no surrogates, at most U+10FFFF). */
    static boolean isStrictUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            while (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8; // eight ASCII bytes at a time
            }
            while (i < to && b[i] >= 0) {
                i++; // then one at a time, up to the next byte that starts a sequence
            }
            if (i == to) {
                return true;
            }
            int n = sequenceLength(b, i, to);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /**
     * The length of the well-formed UTF-8 sequence of two to four bytes that starts at {@code b[i]}, within
     * {@code b[i, to)}, or 0 when there is none there (RFC 3629: shortest forms, no surrogates, at most U+10FFFF).
     */
    private static int sequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        int more;
        int low = 0x80;
        int high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c == 0xE0) {
            more = 2;
            low = 0xA0; // shorter forms are overlong
        } else if (c == 0xED) {
            more = 2;
            high = 0x9F; // U+D800..U+DFFF are surrogates, not characters
        } else if (c >= 0xE1 && c <= 0xEF) {
            more = 2;
        } else if (c == 0xF0) {
            more = 3;
            low = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            more = 3;
        } else if (c == 0xF4) {
            more = 3;
            high = 0x8F; // above U+10FFFF otherwise
        } else {
            return 0; // a continuation byte first, 0xC0/0xC1 (overlong), or 0xF5..0xFF
        }
        if (to - i <= more) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k <= more; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return more + 1;
    }
}
