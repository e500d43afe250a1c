package dev.gatehouse.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request a codec wants sent. Header values may hold credentials, so {@link #toString()} shows header names only.
 *
 * @param streaming true when the response is a stream to decode incrementally
 */
public record UpstreamRequest(String method, URI uri, Map<String, String> headers, byte[] body, boolean streaming) {
    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + method + " " + uri + ", headers=" + headers.keySet() + ", body="
                + (body == null ? 0 : body.length) + " bytes, streaming=" + streaming + "]";
    }
}
