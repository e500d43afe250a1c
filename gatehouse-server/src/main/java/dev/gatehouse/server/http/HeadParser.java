package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses a request head (RFC 9112 §3, §5, §6): {@code METHOD SP request-target SP HTTP/1.x}, then header fields, up to
 * the empty line. Strict where laxness lets requests be read two ways: no whitespace before a colon, no folded lines,
 * no bare CR, no control characters in values, one Host, one framing. Lines may end in a bare LF. One parser per event
 * loop: its offset table and its recent request-targets are reused, and a failure's status is left in
 * {@link #status()} instead of being thrown.
 */
final class HeadParser {
    private static final long SATURATED = Long.MAX_VALUE;
    private static final long MALFORMED = -2;
    /** Recent request-targets kept per loop, and the longest kept. */
    private static final int TARGETS = 8;
    private static final int TARGET_MAX_LENGTH = 256;

    private final int maxHeaders;
    private final long maxBodyBytes;
    private final RecentStrings targets = new RecentStrings(TARGETS, TARGET_MAX_LENGTH);
    private int[] scratch;
    private int status;

    HeadParser(int maxHeaders, long maxBodyBytes) {
        this.maxHeaders = maxHeaders;
        this.maxBodyBytes = maxBodyBytes;
        this.scratch = new int[4 * Math.min(maxHeaders, 32)];
    }

    /** Why the last {@link #parse} returned null: 400, 431 or 505. */
    int status() {
        return status;
    }

    /**
     * Parses {@code head[0, length)}, which ends with the empty line. Returns null when the request must be refused
     * before its fields mean anything (see {@link #status()}); a request whose fields are well formed but whose framing
     * or expectation is refused comes back with {@link RequestHead#rejection()} set.
     */
    RequestHead parse(byte[] b, int length) {
        int i = 0;
        while (i < length && Ascii.isTchar(b[i])) {
            i++;
        }
        int methodEnd = i;
        if (methodEnd == 0 || i >= length || b[i] != Ascii.SP) {
            return fail(400);
        }
        int targetStart = ++i;
        boolean query = false;
        while (i < length && b[i] > 0x20 && b[i] < 0x7f) {
            query |= b[i] == '?';
            i++;
        }
        int targetEnd = i;
        if (targetEnd == targetStart || i >= length || b[i] != Ascii.SP) {
            return fail(400);
        }
        i++;
        if (length - i < 9 || b[i] != 'H' || b[i + 1] != 'T' || b[i + 2] != 'T' || b[i + 3] != 'P' || b[i + 4] != '/'
                || !Ascii.isDigit(b[i + 5]) || b[i + 6] != '.' || !Ascii.isDigit(b[i + 7])) {
            return fail(400);
        }
        int major = b[i + 5] - '0';
        int minor = b[i + 7] - '0';
        i = lineEnd(b, i + 8, length);
        if (i < 0) {
            return fail(400);
        }
        if (major != 1 || minor > 1) {
            return fail(505);
        }
        boolean http10 = minor == 0;

        int[] f = scratch;
        int count = 0;
        int hosts = 0;
        int transferEncodings = 0;
        boolean otherCoding = false;
        long contentLength = RequestHead.NO_LENGTH;
        boolean badLength = false;
        int expect = 0; // 1: 100-continue, 2: anything else
        int flags = http10 ? RequestHead.HTTP10 : 0;
        while (true) {
            if (i >= length) {
                return fail(400);
            }
            byte c = b[i];
            if (c == Ascii.CR || c == Ascii.LF) {
                if (lineEnd(b, i, length) < 0) {
                    return fail(400);
                }
                break;
            }
            int nameStart = i;
            while (i < length && Ascii.isTchar(b[i])) {
                i++;
            }
            int nameEnd = i;
            // Also catches a folded line (it starts with whitespace) and whitespace before the colon.
            if (nameEnd == nameStart || i >= length || b[i] != ':') {
                return fail(400);
            }
            i++;
            while (i < length && Ascii.isOws(b[i])) {
                i++;
            }
            int valueStart = i;
            int valueEnd = i;
            while (i < length) {
                int kind = Ascii.valueByte(b[i]);
                if (kind == Ascii.VISIBLE) {
                    valueEnd = ++i;
                } else if (kind == Ascii.BLANK) {
                    i++;
                } else if (kind == Ascii.LINE_END) {
                    break;
                } else {
                    return fail(400); // a control character
                }
            }
            i = lineEnd(b, i, length);
            if (i < 0) {
                return fail(400);
            }
            if (count == maxHeaders) {
                return fail(431);
            }
            int at = 4 * count;
            if (at + 4 > f.length) {
                f = Arrays.copyOf(f, f.length * 2);
                scratch = f;
            }
            f[at] = nameStart;
            f[at + 1] = nameEnd;
            f[at + 2] = valueStart;
            f[at + 3] = valueEnd;
            count++;
            switch (nameEnd - nameStart) {
                case 4 -> {
                    if (Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "host")) {
                        hosts++;
                    }
                }
                case 6 -> {
                    if (Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "expect")) {
                        expect = Math.max(expect,
                                Ascii.equalsIgnoreCase(b, valueStart, valueEnd, "100-continue") ? 1 : 2);
                    }
                }
                case 10 -> {
                    if (Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "connection")) {
                        if (Ascii.listContains(b, valueStart, valueEnd, "close")) {
                            flags |= RequestHead.CLOSE;
                        }
                        if (Ascii.listContains(b, valueStart, valueEnd, "keep-alive")) {
                            flags |= RequestHead.KEEP_ALIVE;
                        }
                    }
                }
                case 14 -> {
                    if (Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "content-length")) {
                        long value = contentLength(b, valueStart, valueEnd, contentLength);
                        if (value == MALFORMED) {
                            badLength = true;
                        } else {
                            contentLength = value;
                        }
                    }
                }
                case 17 -> {
                    if (Ascii.equalsIgnoreCase(b, nameStart, nameEnd, "transfer-encoding")) {
                        transferEncodings++;
                        otherCoding |= !Ascii.equalsIgnoreCase(b, valueStart, valueEnd, "chunked");
                    }
                }
                default -> {
                }
            }
        }

        int rejection = 0;
        if (hosts > 1 || (hosts == 0 && !http10)) {
            rejection = 400;
        } else if (transferEncodings > 0 && (contentLength != RequestHead.NO_LENGTH || badLength || http10)) {
            // Two framings, or chunked from an HTTP/1.0 client: a request that could be read two ways (§6.1, §6.3).
            rejection = 400;
        } else if (badLength) {
            rejection = 400;
        } else if (transferEncodings > 0 && (transferEncodings > 1 || otherCoding)) {
            rejection = 501;
        } else if (expect == 2 && !http10) {
            rejection = 417;
        } else if (contentLength > maxBodyBytes) {
            rejection = 413;
        }
        if (transferEncodings > 0) {
            flags |= RequestHead.CHUNKED;
        }
        if (expect == 1 && !http10) {
            flags |= RequestHead.EXPECT_CONTINUE;
        }
        return new RequestHead(b, Arrays.copyOf(f, 4 * count), count, methodEnd,
                target(b, targetStart, targetEnd, query), flags, contentLength, rejection);
    }

    /**
     * The request-target, from the loop's recent ones when it has no query: a query can carry a credential (an API
     * key as a parameter), which is not kept beyond its request.
     */
    private String target(byte[] b, int from, int to, boolean query) {
        return query ? new String(b, from, to - from, StandardCharsets.ISO_8859_1) : targets.get(b, from, to);
    }

    private RequestHead fail(int code) {
        status = code;
        return null;
    }

    /** The index after the line end at {@code i} (CRLF or LF), or -1 when there is none (a bare CR, say). */
    private static int lineEnd(byte[] b, int i, int length) {
        if (i < length && b[i] == Ascii.LF) {
            return i + 1;
        }
        if (i + 1 < length && b[i] == Ascii.CR && b[i + 1] == Ascii.LF) {
            return i + 2;
        }
        return -1;
    }

    /**
     * A Content-Length value: digits, or a list of equal values ({@code 5, 5}); it must also equal the one seen
     * before, if any. Returns {@link #MALFORMED} otherwise; values too large for a long saturate (they are refused as
     * too large).
     */
    private static long contentLength(byte[] b, int from, int to, long previous) {
        long value = previous;
        int i = from;
        while (true) {
            int start = i;
            long v = 0;
            while (i < to && Ascii.isDigit(b[i])) {
                v = i - start >= 18 ? SATURATED : v * 10 + (b[i] - '0');
                i++;
            }
            if (i == start || (value != RequestHead.NO_LENGTH && value != v)) {
                return MALFORMED;
            }
            value = v;
            while (i < to && Ascii.isOws(b[i])) {
                i++;
            }
            if (i == to) {
                return value;
            }
            if (b[i] != ',') {
                return MALFORMED;
            }
            i++;
            while (i < to && Ascii.isOws(b[i])) {
                i++;
            }
        }
    }
}
