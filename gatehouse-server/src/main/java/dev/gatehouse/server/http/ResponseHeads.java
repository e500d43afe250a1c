package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;

/** Writes response heads into a byte array: status line, the caller's fields, then the listener's own. */
final class ResponseHeads {
    /** How the head speaks of the connection. */
    static final int PERSISTENT = 0;
    static final int CLOSE = 1;
    static final int KEEP_ALIVE = 2;

    /** For {@link #write}'s {@code contentLength}: no Content-Length field. */
    static final long NO_LENGTH = -1;

    private static final byte[][] STATUS_LINES = new byte[1000][];
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    /** Room for everything but the caller's fields: status line, Date, Content-Length, framing, Connection, CRLF. */
    private static final int FIXED = 256;
    /** 10^0 .. 10^18: enough to count the digits of any long (at most 19). */
    private static final long[] POWERS_OF_TEN = new long[19];
    /** The tens and ones digit of 0..99. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int status = 100; status < 1000; status++) {
            STATUS_LINES[status] = ascii("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
        }
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private ResponseHeads() {
    }

    /** Whether a response may have this status (1xx are the listener's own). */
    static void checkStatus(int status) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
    }

    /** The most bytes {@link #write} needs for these fields. */
    static int maxSize(HttpFields fields) {
        return FIXED + fields.encodedLength();
    }

    /**
     * Writes a head at the start of {@code target} (at least {@link #maxSize} long); returns its length.
     *
     * @param contentLength the Content-Length to state, or {@link #NO_LENGTH}
     * @param chunked       whether to state {@code Transfer-Encoding: chunked}
     * @param connection    {@link #PERSISTENT}, {@link #CLOSE} or {@link #KEEP_ALIVE}
     */
    static int write(byte[] target, int status, HttpFields fields, byte[] dateLine, long contentLength,
                     boolean chunked, int connection) {
        int p = put(target, 0, STATUS_LINES[status]);
        p = fields.writeTo(target, p);
        if (!fields.hasDate()) {
            p = put(target, p, dateLine);
        }
        if (contentLength >= 0) {
            p = put(target, p, CONTENT_LENGTH);
            p = decimal(target, p, contentLength);
            target[p++] = '\r';
            target[p++] = '\n';
        }
        if (chunked) {
            p = put(target, p, CHUNKED);
        }
        if (connection == CLOSE) {
            p = put(target, p, CONNECTION_CLOSE);
        } else if (connection == KEEP_ALIVE) {
            p = put(target, p, CONNECTION_KEEP_ALIVE);
        }
        target[p++] = '\r';
        target[p++] = '\n';
        return p;
    }

    private static int put(byte[] target, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, target, p, bytes.length);
        return p + bytes.length;
    }

    /** Writes {@code value} (not negative) in decimal at {@code p}, two digits per division; returns the end. */
    static int decimal(byte[] target, int p, long value) {
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        int i = p + digits;
        long v = value;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            target[--i] = ONES[r];
            target[--i] = TENS[r];
            v = q;
        }
        int n = (int) v;
        while (n >= 100) {
            int q = n / 100;
            int r = n - q * 100;
            target[--i] = ONES[r];
            target[--i] = TENS[r];
            n = q;
        }
        if (n >= 10) {
            target[--i] = ONES[n];
            target[--i] = TENS[n];
        } else {
            target[--i] = (byte) ('0' + n);
        }
        return p + digits;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The reason phrase, or empty (allowed: clients ignore it). */
    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 499 -> "Client Closed Request";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 529 -> "Site Overloaded";
            default -> "";
        };
    }
}
