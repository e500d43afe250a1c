import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 message framing for the reference proxies: the length of a buffered message with a Content-Length body. */
final class Framing {
    private Framing() {
    }

    /** The length of the whole message at the start of {@code buf[0, filled)}, or 0 when it is not all there yet. */
    static int messageLength(byte[] buf, int filled) {
        int head = headLength(buf, filled);
        if (head == 0) {
            return 0;
        }
        int total = head + contentLength(new String(buf, 0, head, StandardCharsets.ISO_8859_1));
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

    private static int contentLength(String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int start = at + "\r\ncontent-length:".length();
        return Integer.parseInt(lower.substring(start, lower.indexOf('\r', start)).trim());
    }
}
