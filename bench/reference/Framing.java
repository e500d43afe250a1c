import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 message framing for the reference proxies: messages with a Content-Length body, read from a stream; and
 * what body an answer's head announces.
 */
final class Framing {
    private Framing() {
    }

    /** The length of the whole message at the start of {@code buf[0, filled)}, or 0 when it is not all there yet. */
    static int messageLength(byte[] buf, int filled) {
        int head = headLength(buf, filled);
        if (head == 0) {
            return 0;
        }
        int total = head + contentLength(lowerHead(buf, head));
        return filled >= total ? total : 0;
    }

    /** The length of the head (through its blank line) at the start of {@code buf[0, filled)}, or 0. */
    static int headLength(byte[] buf, int filled) {
        for (int i = 3; i < filled; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return 0;
    }

    /** The body length the head {@code buf[0, head)} announces: its Content-Length, or -1 when it is chunked. */
    static long bodyLength(byte[] buf, int head) {
        String lower = lowerHead(buf, head);
        return lower.contains("\r\ntransfer-encoding: chunked") ? -1 : contentLength(lower);
    }

    private static String lowerHead(byte[] buf, int head) {
        return new String(buf, 0, head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /** The Content-Length of a head already in lower case, or 0 when it has none. */
    private static int contentLength(String lower) {
        int at = lower.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int start = at + "\r\ncontent-length:".length();
        return Integer.parseInt(lower.substring(start, lower.indexOf('\r', start)).trim());
    }

    /** A read buffer and how much of it is filled. */
    static final class Buffer {
        final byte[] bytes = new byte[16 * 1024];
        int filled;

        /** Reads until a whole message is buffered; its length, or -1 at end of stream. */
        int readMessage(InputStream in) throws IOException {
            int length;
            while ((length = messageLength(bytes, filled)) == 0) {
                int n = in.read(bytes, filled, bytes.length - filled);
                if (n < 0) {
                    return -1;
                }
                filled += n;
            }
            return length;
        }

        void consume(int length) {
            System.arraycopy(bytes, length, bytes, 0, filled - length);
            filled -= length;
        }
    }
}
