package dev.gatehouse.core.upstream;

/** RFC 9110 token grammar and comma-separated token lists, by hand (no regex, no splitting allocations). */
final class HeaderTokens {
    /** tchar: DIGIT, ALPHA and {@code !#$%&'*+-.^_`|~}. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HeaderTokens() {
    }

    static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #last}: the list holds no element but the ignored one. */
    static final int ABSENT = 0;
    /** {@link #last}: the last element is the token asked about. */
    static final int MATCH = 1;
    /** {@link #last}: the last element is another one. */
    static final int OTHER = 2;

    /** True when the comma-separated list in {@code b[from, to)} holds {@code token} (case-insensitive). */
    static boolean contains(byte[] b, int from, int to, String token) {
        int i = from;
        while (i < to) {
            int end = indexOf(b, ',', i, to);
            int start = trimStart(b, i, end);
            int stop = trimEnd(b, start, end);
            if (equalsIgnoreCase(b, start, stop, token)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /**
     * What the last non-empty element of the comma-separated list in {@code b[from, to)} that is not {@code ignored}
     * is (case-insensitive): {@link #MATCH} when it is {@code token}, {@link #OTHER} when not, {@link #ABSENT} when the
     * list holds no such element.
     */
    static int last(byte[] b, int from, int to, String ignored, String token) {
        int end = to;
        while (end > from) {
            int comma = lastIndexOf(b, ',', from, end);
            int start = trimStart(b, comma + 1, end);
            int stop = trimEnd(b, start, end);
            if (stop > start && !equalsIgnoreCase(b, start, stop, ignored)) {
                return equalsIgnoreCase(b, start, stop, token) ? MATCH : OTHER;
            }
            end = comma < from ? from : comma;
        }
        return ABSENT;
    }

    /** True when {@code b[from, to)} is the ASCII {@code s}, letters in either case. */
    static boolean equalsIgnoreCase(byte[] b, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (lower(b[from + i]) != lower(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }

    /** The index of the last {@code c} in {@code b[from, to)}, or {@code from - 1}. */
    private static int lastIndexOf(byte[] b, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return from - 1;
    }

    private static int trimStart(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }
}
