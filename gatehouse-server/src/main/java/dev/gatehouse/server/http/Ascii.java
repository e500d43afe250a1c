package dev.gatehouse.server.http;

/** The HTTP grammar's character classes, as tables over bytes: input is compared as bytes, never decoded. */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HT = '\t';

    /** {@link #valueByte}: a byte a field value may hold between its first and last visible ones. */
    static final int VISIBLE = 0;
    /** {@link #valueByte}: space or horizontal tab. */
    static final int BLANK = 1;
    /** {@link #valueByte}: CR or LF. */
    static final int LINE_END = 2;
    /** {@link #valueByte}: any other control character, or DEL. */
    static final int CONTROL = 3;

    private static final boolean[] TCHAR = new boolean[256];
    private static final byte[] LOWER = new byte[256];
    private static final byte[] VALUE_BYTE = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        for (int c = 0; c < 256; c++) {
            LOWER[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            VALUE_BYTE[c] = (byte) (c == SP || c == HT ? BLANK : c == CR || c == LF ? LINE_END
                    : isCtl(c) ? CONTROL : VISIBLE);
        }
    }

    private Ascii() {
    }

    /** A token character (RFC 9110 §5.6.2): what methods and field names are made of. */
    static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }

    static boolean isTchar(char c) {
        return c < 256 && TCHAR[c];
    }

    /** A control character other than horizontal tab, or DEL: never allowed in a field value. */
    static boolean isCtl(int c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    /**
     * What a byte of a field value is: {@link #VISIBLE} (including obs-text, 0x80-0xff), {@link #BLANK},
     * {@link #LINE_END} or {@link #CONTROL}. One table read instead of a comparison per class.
     */
    static int valueByte(byte b) {
        return VALUE_BYTE[b & 0xff];
    }

    static boolean isOws(byte b) {
        return b == SP || b == HT;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The value of a hexadecimal digit, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }

    /** Whether {@code bytes[from, to)} spells {@code text}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(byte[] bytes, int from, int to, String text) {
        int length = to - from;
        if (length != text.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c > 0x7f || LOWER[bytes[from + i] & 0xff] != LOWER[c]) {
                return false;
            }
        }
        return true;
    }

    /** Whether two strings are equal ignoring ASCII case (and only ASCII case). */
    static boolean equalsIgnoreCase(String a, String b) {
        return a.length() == b.length() && regionEqualsIgnoreCase(a, 0, a.length(), b);
    }

    /** Whether {@code a[from, to)} spells {@code b}, ignoring ASCII case (and only ASCII case). */
    private static boolean regionEqualsIgnoreCase(String a, int from, int to, String b) {
        if (to - from != b.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i - from);
            if (x != y && (x > 0x7f || y > 0x7f || LOWER[x] != LOWER[y])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in {@code bytes[from, to)} holds the token, ignoring case and whitespace. */
    static boolean listContains(byte[] bytes, int from, int to, String token) {
        int i = from;
        while (i < to) {
            while (i < to && (isOws(bytes[i]) || bytes[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < to && bytes[i] != ',') {
                i++;
            }
            int end = i;
            while (end > start && isOws(bytes[end - 1])) {
                end--;
            }
            if (end > start && equalsIgnoreCase(bytes, start, end, token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the comma-separated list in the string holds the token, ignoring case and whitespace (the list is a
     * field value: no control characters but tab).
     */
    static boolean listContains(String list, String token) {
        int length = list.length();
        int i = 0;
        while (i < length) {
            int comma = list.indexOf(',', i);
            int end = comma < 0 ? length : comma;
            int start = i;
            while (start < end && isOws(list.charAt(start))) {
                start++;
            }
            int stop = end;
            while (stop > start && isOws(list.charAt(stop - 1))) {
                stop--;
            }
            if (regionEqualsIgnoreCase(list, start, stop, token)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
