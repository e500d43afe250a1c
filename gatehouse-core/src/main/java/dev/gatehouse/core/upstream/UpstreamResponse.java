package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An upstream HTTP response whose body is read as it arrives.
 *
 * @param headers names lower-case
 */
public record UpstreamResponse(int status, Map<String, List<String>> headers, InputStream body)
        implements AutoCloseable {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** Reads the whole body (for non-streamed responses and errors). */
    public byte[] readAll() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is being abandoned either way
        }
    }
}
