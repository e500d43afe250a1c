package dev.gatehouse.app.config;

import dev.gatehouse.core.route.DeploymentSpec;

import java.util.List;
import java.util.Objects;

/**
 * A loaded, validated configuration: every secret reference resolved, every default applied.
 *
 * @param source   where it was read from ({@code gatehouse.yaml}, or "built-in defaults")
 * @param models   the model list; the built-in mock models when the file had none
 * @param warnings things worth a WARN line at start-up (LiteLLM settings that are ignored, …)
 */
public record GatehouseConfig(String source, ServerConfig server, GeneralSettings general, List<ModelEntry> models,
                              List<String> warnings) {
    /** The models served when the configuration lists none: chat and embeddings on the in-process mock. */
    public static final List<ModelEntry> DEFAULT_MODELS =
            List.of(ModelEntry.mock("mock-gpt"), ModelEntry.mock("mock-embedding"));

    public GatehouseConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(general, "general");
        models = List.copyOf(models);
        warnings = List.copyOf(warnings);
    }

    public List<DeploymentSpec> deployments() {
        return models.stream().map(ModelEntry::toDeploymentSpec).toList();
    }

    /** The public model names, each once, in configuration order. */
    public List<String> modelNames() {
        return models.stream().map(ModelEntry::modelName).distinct().toList();
    }
}
