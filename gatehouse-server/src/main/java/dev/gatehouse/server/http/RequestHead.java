package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;

/**
 * A parsed request head: a private copy of its bytes and the offsets of its parts. The request-target is read at once,
 * usually as a String the loop already has ({@link RecentStrings}); other Strings are made only for what is asked for,
 * and not even then for the common verbs and common field values ({@link CommonFields}), which are constants.
 * Immutable but for the method, cached racily (an equal String either way), so it may be read from any thread.
 */
final class RequestHead {
    static final int HTTP10 = 1;
    static final int CHUNKED = 1 << 1;
    static final int EXPECT_CONTINUE = 1 << 2;
    static final int CLOSE = 1 << 3;
    static final int KEEP_ALIVE = 1 << 4;

    /** {@link #contentLength()} when the request has no Content-Length. */
    static final long NO_LENGTH = -1;

    private final byte[] bytes;
    /** Per field: name start, name end, value start, value end. */
    private final int[] fields;
    private final int count;
    private final int methodEnd;
    private final String target;
    private final int flags;
    private final long contentLength;
    private final int rejection;
    private String method;

    RequestHead(byte[] bytes, int[] fields, int count, int methodEnd, String target, int flags, long contentLength,
                int rejection) {
        this.bytes = bytes;
        this.fields = fields;
        this.count = count;
        this.methodEnd = methodEnd;
        this.target = target;
        this.flags = flags;
        this.contentLength = contentLength;
        this.rejection = rejection;
    }

    String method() {
        String m = method;
        if (m == null) {
            m = knownMethod();
            if (m == null) {
                m = new String(bytes, 0, methodEnd, StandardCharsets.ISO_8859_1);
            }
            method = m;
        }
        return m;
    }

    /** The request-target as sent. */
    String target() {
        return target;
    }

    /** The first value of the named field (case-insensitive), or null. */
    String header(String name) {
        int[] f = fields;
        for (int i = 0; i < count; i++) {
            int at = 4 * i;
            if (Ascii.equalsIgnoreCase(bytes, f[at], f[at + 1], name)) {
                int from = f[at + 2];
                int to = f[at + 3];
                String common = CommonFields.VALUES.string(bytes, from, to);
                return common != null ? common : new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    int fieldCount() {
        return count;
    }

    boolean http10() {
        return (flags & HTTP10) != 0;
    }

    boolean chunked() {
        return (flags & CHUNKED) != 0;
    }

    boolean expectContinue() {
        return (flags & EXPECT_CONTINUE) != 0;
    }

    /** Whether the connection may serve another request after this one, as far as the client is concerned. */
    boolean keepAlive() {
        if ((flags & CLOSE) != 0) {
            return false;
        }
        return !http10() || (flags & KEEP_ALIVE) != 0;
    }

    boolean isHead() {
        return methodEnd == 4 && bytes[0] == 'H' && bytes[1] == 'E' && bytes[2] == 'A' && bytes[3] == 'D';
    }

    /** The declared body length, or {@link #NO_LENGTH}. */
    long contentLength() {
        return contentLength;
    }

    /** The status the request must be refused with though its syntax is fine (framing, expectation), or 0. */
    int rejection() {
        return rejection;
    }

    private String knownMethod() {
        byte[] b = bytes;
        return switch (methodEnd) {
            case 3 -> is(b, "GET") ? "GET" : is(b, "PUT") ? "PUT" : null;
            case 4 -> is(b, "POST") ? "POST" : is(b, "HEAD") ? "HEAD" : null;
            case 5 -> is(b, "PATCH") ? "PATCH" : null;
            case 6 -> is(b, "DELETE") ? "DELETE" : null;
            case 7 -> is(b, "OPTIONS") ? "OPTIONS" : null;
            default -> null;
        };
    }

    private static boolean is(byte[] b, String method) {
        for (int i = 0; i < method.length(); i++) {
            if (b[i] != method.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
