package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamRequest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an HTTP/1.1 request: request line with the raw path and query, {@code Host}, {@code Content-Length}, the
 * caller's headers (minus those the transport owns), then the body, in one write when both are small. {@link #encode}
 * makes the bytes for both transports. Header injection is refused before any connection is touched: by {@link
 * #validate} ahead of {@link #write}, or by {@link #encode} itself, in the pass that sizes the request.
 */
final class RequestWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int LINE_OVERHEAD = 4; // ": " and CRLF
    /** A head and body that fit in this many bytes go out in one write; a larger body is written on its own. */
    private static final int INLINE_BODY_LIMIT = 16 * 1024;

    private RequestWriter() {
    }

    /**
     * Refuses a method that is not a token, header names that are not tokens, and values with control characters (CR
     * and LF above all: header injection) or characters that do not fit one byte. Messages never quote a value.
     */
    static void validate(UpstreamRequest request) {
        checkMethod(request.method());
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            checkHeader(header.getKey(), header.getValue());
        }
    }

    /** Writes the request, already {@linkplain #validate validated}, to the connection. */
    static void write(UpstreamRequest request, Origin origin, Connection connection) throws IOException {
        encode(request, origin, connection::write, false);
        connection.flush();
    }

    /**
     * Serialises the request into the sink: one call with the head, and the body after it when both fit
     * {@value #INLINE_BODY_LIMIT} bytes, else a second call with the body, straight from the request's array. The
     * sink may keep the arrays: they are the request's own or made for this call. A request {@link #validate} refuses
     * is refused here too, with the same exception, before anything reaches the sink.
     */
    static <X extends Exception> void encode(UpstreamRequest request, Origin origin, Sink<X> sink) throws X {
        encode(request, origin, sink, true);
    }

    /** @param check whether to validate the request on the way (in the pass that sizes it) */
    private static <X extends Exception> void encode(UpstreamRequest request, Origin origin, Sink<X> sink,
                                                     boolean check) throws X {
        if (check) {
            checkMethod(request.method());
        }
        URI uri = request.uri();
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        byte[] body = request.body();
        int bodyLength = body == null ? 0 : body.length;

        int bound = request.method().length() + 1 + 9 * (length(path) + 1 + length(query)) + 11
                + 6 + origin.host().length() + 6 + 2
                + 16 + 20 + 2
                + 2;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (check) {
                checkHeader(header.getKey(), header.getValue());
            }
            bound += header.getKey().length() + header.getValue().length() + LINE_OVERHEAD;
        }
        boolean bodyInline = bound + bodyLength <= INLINE_BODY_LIMIT;
        byte[] buf = new byte[bodyInline ? bound + bodyLength : bound];

        int p = ascii(buf, 0, request.method());
        buf[p++] = ' ';
        if (path == null || path.isEmpty()) {
            buf[p++] = '/';
        } else {
            p = target(buf, p, path);
        }
        if (query != null) {
            buf[p++] = '?';
            p = target(buf, p, query);
        }
        p = ascii(buf, p, " HTTP/1.1\r\nHost: ");
        p = ascii(buf, p, origin.host());
        if (!origin.defaultPort()) {
            buf[p++] = ':';
            p = number(buf, p, origin.port());
        }
        buf[p++] = '\r';
        buf[p++] = '\n';
        if (body != null || needsLength(request.method())) {
            p = ascii(buf, p, "Content-Length: ");
            p = number(buf, p, bodyLength);
            buf[p++] = '\r';
            buf[p++] = '\n';
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (!ownedByTransport(header.getKey())) {
                p = ascii(buf, p, header.getKey());
                buf[p++] = ':';
                buf[p++] = ' ';
                p = ascii(buf, p, header.getValue());
                buf[p++] = '\r';
                buf[p++] = '\n';
            }
        }
        buf[p++] = '\r';
        buf[p++] = '\n';
        if (bodyInline) {
            if (bodyLength > 0) {
                System.arraycopy(body, 0, buf, p, bodyLength);
                p += bodyLength;
            }
            sink.write(buf, 0, p);
        } else {
            sink.write(buf, 0, p);
            if (bodyLength > 0) {
                sink.write(body, 0, bodyLength);
            }
        }
    }

    /** Takes the bytes of a request, in order. */
    @FunctionalInterface
    interface Sink<X extends Exception> {
        void write(byte[] bytes, int offset, int length) throws X;
    }

    /** Headers the transport sets or that would change the framing or the connection. */
    static boolean ownedByTransport(String name) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("host");
            case 6 -> name.equalsIgnoreCase("expect");
            case 7 -> name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 14 -> name.equalsIgnoreCase("content-length");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            default -> false;
        };
    }

    private static void checkMethod(String method) {
        if (!HeaderTokens.isToken(method)) {
            throw new IllegalArgumentException("Invalid HTTP method");
        }
    }

    private static void checkHeader(String name, String value) {
        if (!HeaderTokens.isToken(name)) {
            throw new IllegalArgumentException("Invalid header name");
        }
        if (value == null) {
            throw new IllegalArgumentException("Null value for header " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("Invalid character in the value of header " + name);
            }
        }
    }

    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /**
     * Characters known to be single bytes (validated, or ASCII by construction), copied in bulk: the low byte of each
     * char is the byte to write, which is what the old {@code String.getBytes(int, int, byte[], int)} copies, as an
     * array copy for the Latin-1 strings headers are (a loop over {@code charAt} was half of this writer's time).
     */
    @SuppressWarnings("deprecation")
    private static int ascii(byte[] buf, int p, String s) {
        s.getBytes(0, s.length(), buf, p);
        return p + s.length();
    }

    /**
     * A raw path or query. java.net.URI already percent-encodes everything but "other" (non-ASCII) characters, which are
     * encoded here as UTF-8; whitespace and controls cannot occur in a parsed URI but are encoded too, to be safe.
     */
    private static int target(byte[] buf, int p, String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > ' ' && c < 0x7f) {
                buf[p++] = (byte) c;
            } else if (c < 0x80) {
                p = percent(buf, p, c);
            } else if (c < 0x800) {
                p = percent(buf, p, 0xc0 | (c >> 6));
                p = percent(buf, p, 0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, raw.charAt(++i));
                p = percent(buf, p, 0xf0 | (cp >> 18));
                p = percent(buf, p, 0x80 | ((cp >> 12) & 0x3f));
                p = percent(buf, p, 0x80 | ((cp >> 6) & 0x3f));
                p = percent(buf, p, 0x80 | (cp & 0x3f));
            } else {
                int cp = Character.isSurrogate(c) ? 0xfffd : c;
                p = percent(buf, p, 0xe0 | (cp >> 12));
                p = percent(buf, p, 0x80 | ((cp >> 6) & 0x3f));
                p = percent(buf, p, 0x80 | (cp & 0x3f));
            }
        }
        return p;
    }

    private static int percent(byte[] buf, int p, int b) {
        buf[p++] = '%';
        buf[p++] = HEX[(b >> 4) & 0xf];
        buf[p++] = HEX[b & 0xf];
        return p;
    }

    private static int number(byte[] buf, int p, long value) {
        if (value == 0) {
            buf[p++] = '0';
            return p;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = p + digits;
        for (long v = value; v > 0; v /= 10) {
            buf[--end] = (byte) ('0' + (v % 10));
        }
        return p + digits;
    }
}
