package dev.gatehouse.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

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
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }
}
