package dev.gatehouse.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Recorded provider bytes under {@code src/test/resources/fixtures/}. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The bytes of {@code fixtures/<path>}, exactly as recorded. */
    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /**
     * A recorded HTTP response ({@code .http}): status line, headers, a blank line, then the body. Header names come
     * back lower-case, as the transport hands them to codecs.
     */
    public static HttpFixture http(String path) {
        byte[] raw = bytes(path);
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int bodyStart = headEnd + 4;
        if (headEnd < 0) {
            headEnd = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII));
            bodyStart = headEnd + 2;
        }
        if (headEnd < 0) {
            throw new IllegalArgumentException(path + " has no blank line after the headers");
        }
        String[] head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r?\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.computeIfAbsent(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(head[i].substring(colon + 1).strip());
        }
        return new HttpFixture(status, headers, Arrays.copyOfRange(raw, bodyStart, raw.length));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A recorded HTTP response. */
    public record HttpFixture(int status, Map<String, List<String>> headers, byte[] body) {
        public HttpFixture {
            headers = Map.copyOf(headers);
        }
    }
}
