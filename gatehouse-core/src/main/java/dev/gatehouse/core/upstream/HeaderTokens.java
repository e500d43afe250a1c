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

    /** True when the comma-separated list holds {@code token} (case-insensitive). */
    static boolean contains(String list, String token) {
        int i = 0;
        int length = list.length();
        while (i < length) {
            int end = list.indexOf(',', i);
            if (end < 0) {
                end = length;
            }
            int start = trimStart(list, i, end);
            int stop = trimEnd(list, start, end);
            if (stop - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /** The last non-empty element of the list that is not {@code ignored} (case-insensitive), or null. */
    static String last(String list, String ignored) {
        int end = list.length();
        while (end > 0) {
            int comma = list.lastIndexOf(',', end - 1);
            int start = trimStart(list, comma + 1, end);
            int stop = trimEnd(list, start, end);
            if (stop > start && !(stop - start == ignored.length()
                    && list.regionMatches(true, start, ignored, 0, ignored.length()))) {
                return list.substring(start, stop);
            }
            end = comma < 0 ? 0 : comma;
        }
        return null;
    }

    private static int trimStart(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
