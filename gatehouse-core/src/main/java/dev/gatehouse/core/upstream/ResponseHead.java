package dev.gatehouse.core.upstream;

import java.util.List;
import java.util.Map;

/**
 * A parsed status line and header block, with the framing facts read on the way.
 *
 * @param headers       names lower-case, values in arrival order
 * @param contentLength the Content-Length, or -1 when absent
 * @param chunked       Transfer-Encoding ends in {@code chunked}
 * @param otherEncoding Transfer-Encoding is present and does not end in {@code chunked} (the body runs to close)
 * @param close         Connection carries {@code close}
 * @param keepAliveToken Connection carries {@code keep-alive} (what lets an HTTP/1.0 connection persist)
 */
record ResponseHead(boolean http11, int status, Map<String, List<String>> headers, long contentLength,
                    boolean chunked, boolean otherEncoding, boolean close, boolean keepAliveToken) {

    /** An interim (1xx) response: another head follows. */
    boolean interim() {
        return status < 200;
    }

    /** Whether the response is followed by a body at all (RFC 9112 6.3). */
    boolean hasBody(String method) {
        return status != 204 && status != 304 && !"HEAD".equals(method);
    }

    /** How the body of the response to a request with this method is delimited (RFC 9112 6.3). */
    Framing framing(String method) {
        if (!hasBody(method) || (contentLength == 0 && !chunked && !otherEncoding)) {
            return Framing.NONE;
        }
        if (chunked) {
            return Framing.CHUNKED;
        }
        if (otherEncoding || contentLength < 0) {
            return Framing.UNTIL_CLOSE;
        }
        return Framing.LENGTH;
    }

    /**
     * Whether the connection may carry another request once this response is read to its framed end.
     *
     * @param bodyFollows what {@link #hasBody} said for the request's method
     */
    boolean persistent(boolean bodyFollows) {
        if (close) {
            return false;
        }
        if (bodyFollows) {
            if (otherEncoding || (!chunked && contentLength < 0)) {
                return false; // the body runs to close
            }
            if (chunked && (contentLength >= 0 || !http11)) {
                // Both framings at once is a smuggling vector, and HTTP/1.0 has no chunking: read chunked, then hang
                // up (RFC 9112 6.1, 6.3).
                return false;
            }
        }
        return http11 || keepAliveToken;
    }

    /** How a response body is delimited. */
    enum Framing {
        /** No body follows the head. */
        NONE,
        /** Transfer-Encoding: chunked. */
        CHUNKED,
        /** The body runs until the server closes the connection. */
        UNTIL_CLOSE,
        /** Content-Length bytes (more than zero). */
        LENGTH
    }
}
