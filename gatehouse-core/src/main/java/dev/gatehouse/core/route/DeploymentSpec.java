package dev.gatehouse.core.route;

import dev.gatehouse.spi.Secret;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One configured way to serve a public model name.
 *
 * @param modelName     the public name clients ask for
 * @param provider      the wire protocol ({@code openai}, {@code mock}, …)
 * @param upstreamModel the name the provider knows
 * @param baseUrl       the provider's API base; {@code null} for in-process providers
 * @param apiKey        the credential, or {@code null}
 * @param rpm           requests per minute allowed on this deployment, or {@code null}
 * @param tpm           tokens per minute allowed on this deployment, or {@code null}
 */
public record DeploymentSpec(String modelName, String provider, String upstreamModel, URI baseUrl, Secret apiKey,
                             Map<String, String> headers, Map<String, String> options, Integer rpm, Integer tpm) {
    public DeploymentSpec {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Header values may carry credentials, and the key is a {@link Secret}: neither is shown. */
    @Override
    public String toString() {
        return "DeploymentSpec[" + modelName + " -> " + displayName() + ", baseUrl=" + baseUrl + ", apiKey="
                + apiKey + ", headers=" + headers.keySet() + ", options=" + options.keySet() + ", rpm=" + rpm
                + ", tpm=" + tpm + "]";
    }

    /** A readable, non-secret name for logs and the {@code x-gatehouse-deployment} header. */
    public String displayName() {
        return provider + "/" + upstreamModel;
    }
}
