package dev.gatehouse.app.config;

import dev.gatehouse.core.route.DeploymentSpec;
import dev.gatehouse.spi.Secret;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code model_list} entry: a public model name served by one provider deployment. Several entries with the same
 * name form a load-balanced group.
 *
 * @param provider      the wire protocol ({@code openai}, {@code mock}, …), from the {@code provider/} prefix
 * @param upstreamModel the name the provider knows
 * @param apiBase       the provider's API base, or {@code null} for in-process providers
 * @param apiKey        the resolved credential, or {@code null}; masked in {@code toString()}
 * @param extraHeaders  static headers sent upstream; values are not shown by {@code toString()}
 * @param rpm           requests-per-minute limit, or {@code null}
 * @param tpm           tokens-per-minute limit, or {@code null}
 */
public record ModelEntry(String modelName, String provider, String upstreamModel, URI apiBase, Secret apiKey,
                         Map<String, String> extraHeaders, Integer rpm, Integer tpm) {
    public ModelEntry {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }

    public static ModelEntry mock(String name) {
        return new ModelEntry(name, "mock", name, null, null, Map.of(), null, null);
    }

    public DeploymentSpec toDeploymentSpec() {
        return new DeploymentSpec(modelName, provider, upstreamModel, apiBase, apiKey, extraHeaders, Map.of(), rpm,
                tpm);
    }

    @Override
    public String toString() {
        return "ModelEntry[modelName=" + modelName + ", provider=" + provider + ", upstreamModel=" + upstreamModel
                + ", apiBase=" + apiBase + ", apiKey=" + apiKey + ", extraHeaders=" + extraHeaders.keySet()
                + ", rpm=" + rpm + ", tpm=" + tpm + "]";
    }
}
