package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses status lines and header blocks by hand (ASCII, no regex): names lower-cased, repeated headers kept in order,
 * folded lines and bare CRs refused, and at most {@value #MAX_HEAD_BYTES} bytes over all heads of one exchange
 * (interim 1xx heads included). Lines may end in CRLF or a bare LF.
 *
 * <p>Reads a connection's input byte by byte ({@link #read}), or parses a head already received whole into an array
 * ({@link #parse}): the same rules either way.
 */
final class ResponseHeadReader {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** {@link #scan} state at the start of a head. */
    static final int SCAN_START = 0;
    /** {@link #scan} state once the byte that ends a head was seen. */
    static final int SCAN_END = 3;
    private static final int SCAN_AFTER_LF = 1;
    private static final int SCAN_AFTER_LF_CR = 2;

    /** The input read by {@link #read}; null for a reader of arrays. */
    private final ConnectionInput in;
    private byte[] scratch;
    private int budget = MAX_HEAD_BYTES;
    private int pending;
    /** The array {@link #parse} reads from {@code pos} to {@code limit}. */
    private byte[] source;
    private int pos;
    private int limit;

    /** @param firstByte the response's first byte, already read by the caller (to tell a stale connection) */
    ResponseHeadReader(Connection connection, int firstByte) {
        this.in = connection.in();
        this.scratch = new byte[256]; // grown for a longer line; not kept with the connection, which may idle for long
        this.pending = firstByte;
    }

    /** A reader of heads held in arrays, for {@link #parse}; reusable, by one thread at a time. */
    ResponseHeadReader() {
        this.in = null;
        this.scratch = new byte[256];
        this.pending = -1;
    }

    /**
     * Parses the head held whole in {@code bytes[from, to)}: everything up to and including the empty line that ends
     * it. The caller holds the heads of an exchange to {@value #MAX_HEAD_BYTES} bytes in all.
     */
    ResponseHead parse(byte[] bytes, int from, int to) throws IOException {
        source = bytes;
        pos = from;
        limit = to;
        budget = MAX_HEAD_BYTES;
        try {
            return read();
        } finally {
            source = null;
        }
    }

    /**
     * Finds the end of a head arriving in pieces, one byte at a time, so that {@link #parse} is given it whole: the
     * state after byte {@code c}, {@link #SCAN_END} when {@code c} is the last byte of the head. A head ends where a
     * line end (LF) is followed by an empty line: LF, or CR and one more byte (which the parser requires to be LF).
     * Every LF of a head that parses ends a line, so this is where the parser stops too.
     */
    static int scan(int state, int c) {
        return switch (state) {
            case SCAN_AFTER_LF -> c == '\n' ? SCAN_END : c == '\r' ? SCAN_AFTER_LF_CR : SCAN_START;
            case SCAN_AFTER_LF_CR -> SCAN_END;
            default -> c == '\n' ? SCAN_AFTER_LF : SCAN_START;
        };
    }

    /** Reads one head: the status line and the header block up to and including the empty line. */
    ResponseHead read() throws IOException {
        boolean http11 = statusLineVersion();
        int status = (digit(next()) * 100) + (digit(next()) * 10) + digit(next());
        if (status < 100 || status > 599) {
            throw new MalformedResponseException("status code out of range");
        }
        int c = next();
        if (c == ' ') {
            skipLine(); // the reason phrase means nothing to a machine
        } else {
            endLine(c);
        }
        return headers(http11, status);
    }

    private boolean statusLineVersion() throws IOException {
        if (next() != 'H' || next() != 'T' || next() != 'T' || next() != 'P' || next() != '/' || next() != '1'
                || next() != '.') {
            throw new MalformedResponseException("not an HTTP/1.x status line");
        }
        int minor = next();
        if ((minor != '0' && minor != '1') || next() != ' ') {
            throw new MalformedResponseException("unsupported HTTP version");
        }
        return minor == '1';
    }

    private ResponseHead headers(boolean http11, int status) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        long contentLength = -1;
        boolean chunked = false;
        boolean encoded = false;
        boolean close = false;
        boolean keepAlive = false;
        while (true) {
            int c = next();
            if (c == '\r' || c == '\n') {
                endLine(c);
                break;
            }
            if (c == ' ' || c == '\t') {
                throw new MalformedResponseException("folded header line");
            }
            String name = name(c);
            String value = value();
            add(headers, name, value);
            switch (name) {
                case "content-length" -> contentLength = contentLength(value, contentLength);
                case "transfer-encoding" -> {
                    String coding = HeaderTokens.last(value, "identity");
                    if (coding != null) {
                        encoded = true;
                        chunked = coding.equalsIgnoreCase("chunked");
                    }
                }
                case "connection" -> {
                    close |= HeaderTokens.contains(value, "close");
                    keepAlive |= HeaderTokens.contains(value, "keep-alive");
                }
                default -> {
                    // other headers need no interpretation here
                }
            }
        }
        return new ResponseHead(http11, status, Collections.unmodifiableMap(headers), contentLength, chunked,
                encoded && !chunked, close, keepAlive);
    }

    /** The header name starting with {@code first}, lower-cased, up to its colon. */
    private String name(int first) throws IOException {
        int n = 0;
        for (int c = first; c != ':'; c = next()) {
            if (!HeaderTokens.isTokenChar(c)) {
                throw new MalformedResponseException("invalid character in header name");
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            put(n++, c);
        }
        if (n == 0) {
            throw new MalformedResponseException("empty header name");
        }
        return new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The field value without surrounding whitespace, consuming the line end. */
    private String value() throws IOException {
        int c = next();
        while (c == ' ' || c == '\t') {
            c = next();
        }
        int n = 0;
        int end = 0;
        while (c != '\n' && c != '\r') {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new MalformedResponseException("control character in header value");
            }
            put(n++, c);
            if (c != ' ' && c != '\t') {
                end = n;
            }
            c = next();
        }
        endLine(c);
        return new String(scratch, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static void add(Map<String, List<String>> headers, String name, String value) {
        List<String> values = headers.putIfAbsent(name, List.of(value));
        if (values != null) {
            List<String> more = new ArrayList<>(values.size() + 1);
            more.addAll(values);
            more.add(value);
            headers.put(name, Collections.unmodifiableList(more));
        }
    }

    /** Parses "n" or a list of equal "n, n"; a different value than one seen before is a framing attack. */
    private static long contentLength(String value, long previous) throws MalformedResponseException {
        long result = previous;
        int i = 0;
        int length = value.length();
        while (i < length) {
            while (i < length && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            long n = 0;
            int digits = 0;
            while (i < length && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
                n = n * 10 + (value.charAt(i++) - '0');
                if (++digits > 18) {
                    throw new MalformedResponseException("Content-Length too large");
                }
            }
            while (i < length && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (digits == 0 || (i < length && value.charAt(i++) != ',') || (result >= 0 && result != n)) {
                throw new MalformedResponseException("invalid Content-Length");
            }
            result = n;
        }
        if (result < 0) {
            throw new MalformedResponseException("empty Content-Length");
        }
        return result;
    }

    private void put(int index, int c) {
        if (index == scratch.length) {
            byte[] grown = new byte[scratch.length * 2];
            System.arraycopy(scratch, 0, grown, 0, scratch.length);
            scratch = grown;
        }
        scratch[index] = (byte) c;
    }

    /** Consumes the rest of a line, whatever it holds (but no bare CR). */
    private void skipLine() throws IOException {
        int c = next();
        while (c != '\n' && c != '\r') {
            c = next();
        }
        endLine(c);
    }

    /** {@code c} must start a line end: LF, or CR followed by LF. */
    private void endLine(int c) throws IOException {
        if (c == '\r') {
            c = next();
        }
        if (c != '\n') {
            throw new MalformedResponseException("bad line ending");
        }
    }

    private static int digit(int c) throws MalformedResponseException {
        if (c < '0' || c > '9') {
            throw new MalformedResponseException("bad status code");
        }
        return c - '0';
    }

    private int next() throws IOException {
        if (--budget < 0) {
            throw new MalformedResponseException("response head larger than " + MAX_HEAD_BYTES + " bytes");
        }
        int c;
        if (pending >= 0) {
            c = pending;
            pending = -1;
        } else if (in == null) {
            c = pos < limit ? source[pos++] & 0xff : -1;
        } else {
            c = in.read();
        }
        if (c < 0) {
            throw new MalformedResponseException("response ended inside its head");
        }
        return c;
    }
}
