package dev.gatehouse.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and as whom a codec addresses one deployment.
 *
 * @param baseUrl       the provider's API base, e.g. {@code https://api.openai.com/v1}
 * @param upstreamModel the model name the provider knows
 * @param apiKey        the credential, or {@code null} for hosts that need none (local models)
 * @param headers       extra static headers configured for the deployment
 * @param options       provider-specific settings (API version, region, …)
 */
public record UpstreamTarget(URI baseUrl, String upstreamModel, Secret apiKey, Map<String, String> headers,
                             Map<String, String> options) {
    /**
     * Resolved URIs by their text: parsing a URI took a few percent of a relayed request's CPU, and the set of
     * base-and-path pairs is fixed by the configuration. Bounded all the same; past the bound, URIs are parsed anew.
     */
    private static final Map<String, URI> RESOLVED = new ConcurrentHashMap<>();
    private static final int MAX_RESOLVED = 4096;

    public UpstreamTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** {@code baseUrl} with {@code path} appended, one slash between them. */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String joined = base + (path.startsWith("/") ? path : "/" + path);
        URI uri = RESOLVED.get(joined);
        if (uri == null) {
            uri = URI.create(joined);
            if (RESOLVED.size() < MAX_RESOLVED) {
                RESOLVED.put(joined, uri);
            }
        }
        return uri;
    }
}
