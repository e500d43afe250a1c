package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.util.Arrays;

/**
 * Parses status lines and header blocks by hand (ASCII, no regex): names lower-cased, repeated headers kept in order,
 * folded lines and bare CRs refused, and at most {@value #MAX_HEAD_BYTES} bytes over all heads of one exchange
 * (interim 1xx heads included). Lines may end in CRLF or a bare LF.
 *
 * <p>Reads a connection's input byte by byte ({@link #read}), or parses a head already received whole into an array
 * ({@link #parse}): the same rules either way.
 *
 * <p>Makes no string while parsing: names (lower-cased) and values (trimmed) are gathered into one array, the framing
 * (Content-Length, Transfer-Encoding, Connection) is read from its bytes, and the header map is built from the array
 * only if someone asks for it ({@link ResponseHeaders}).
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
    /** The names and values of the head being read, one after the other. */
    private byte[] scratch;
    private int length;
    /** {@link ResponseHeaders#SLOTS} ints per field of the head being read. */
    private int[] fields;
    private int budget = MAX_HEAD_BYTES;
    private int pending;
    /** The array {@link #parse} reads from {@code pos} to {@code limit}. */
    private byte[] source;
    private int pos;
    private int limit;

    /** @param firstByte the response's first byte, already read by the caller (to tell a stale connection) */
    ResponseHeadReader(Connection connection, int firstByte) {
        this.in = connection.in();
        // Grown for a longer head; not kept with the connection, which may idle for long.
        this.scratch = new byte[512];
        this.fields = new int[ResponseHeaders.SLOTS * 16];
        this.pending = firstByte;
    }

    /** A reader of heads held in arrays, for {@link #parse}; reusable, by one thread at a time. */
    ResponseHeadReader() {
        this.in = null;
        this.scratch = new byte[512];
        this.fields = new int[ResponseHeaders.SLOTS * 16];
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
        length = 0;
        int count = 0;
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
            int nameStart = length;
            name(c);
            int valueStart = length;
            value();
            int valueEnd = length;
            int known = HeaderNames.lookup(scratch, nameStart, valueStart);
            int at = ResponseHeaders.SLOTS * count++;
            if (at + ResponseHeaders.SLOTS > fields.length) {
                fields = Arrays.copyOf(fields, fields.length * 2);
            }
            fields[at] = valueStart;
            fields[at + 1] = valueEnd;
            fields[at + 2] = known;
            switch (known) {
                case HeaderNames.CONTENT_LENGTH ->
                        contentLength = contentLength(scratch, valueStart, valueEnd, contentLength);
                case HeaderNames.TRANSFER_ENCODING -> {
                    int coding = HeaderTokens.last(scratch, valueStart, valueEnd, "identity", "chunked");
                    if (coding != HeaderTokens.ABSENT) {
                        encoded = true;
                        chunked = coding == HeaderTokens.MATCH;
                    }
                }
                case HeaderNames.CONNECTION -> {
                    close |= HeaderTokens.contains(scratch, valueStart, valueEnd, "close");
                    keepAlive |= HeaderTokens.contains(scratch, valueStart, valueEnd, "keep-alive");
                }
                default -> {
                    // other headers need no interpretation here
                }
            }
        }
        ResponseHeaders headers = count == 0 ? ResponseHeaders.NONE : new ResponseHeaders(
                Arrays.copyOf(scratch, length), Arrays.copyOf(fields, ResponseHeaders.SLOTS * count), count);
        return new ResponseHead(http11, status, headers, contentLength, chunked, encoded && !chunked, close,
                keepAlive);
    }

    /** Gathers the header name starting with {@code first}, lower-cased, up to its colon. */
    private void name(int first) throws IOException {
        int start = length;
        for (int c = first; c != ':'; c = next()) {
            if (!HeaderTokens.isTokenChar(c)) {
                throw new MalformedResponseException("invalid character in header name");
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            put(c);
        }
        if (length == start) {
            throw new MalformedResponseException("empty header name");
        }
    }

    /** Gathers the field value without surrounding whitespace, consuming the line end. */
    private void value() throws IOException {
        int c = next();
        while (c == ' ' || c == '\t') {
            c = next();
        }
        int end = length;
        while (c != '\n' && c != '\r') {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new MalformedResponseException("control character in header value");
            }
            put(c);
            if (c != ' ' && c != '\t') {
                end = length;
            }
            c = next();
        }
        endLine(c);
        length = end;
    }

    /** Parses "n" or a list of equal "n, n"; a different value than one seen before is a framing attack. */
    private static long contentLength(byte[] b, int from, int to, long previous) throws MalformedResponseException {
        long result = previous;
        int i = from;
        while (i < to) {
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            long n = 0;
            int digits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                n = n * 10 + (b[i++] - '0');
                if (++digits > 18) {
                    throw new MalformedResponseException("Content-Length too large");
                }
            }
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (digits == 0 || (i < to && b[i++] != ',') || (result >= 0 && result != n)) {
                throw new MalformedResponseException("invalid Content-Length");
            }
            result = n;
        }
        if (result < 0) {
            throw new MalformedResponseException("empty Content-Length");
        }
        return result;
    }

    private void put(int c) {
        if (length == scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[length++] = (byte) c;
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
