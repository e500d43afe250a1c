package dev.gatehouse.app.config;

import dev.gatehouse.app.config.RawConfig.RawModel;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a configuration in four steps, each in its own class: parse the YAML keeping line numbers
 * ({@link YamlDocument}), check keys and shapes against the schema ({@link ConfigWalker}), lay environment and
 * command-line overrides over the scalars ({@link Overrides}), then type the values and resolve secret references
 * ({@link SettingsParser}, {@link ModelParser}, {@link SecretResolvers}). Every problem found is reported at once in
 * one {@link ConfigException}; a value that is a secret never appears in it.
 */
public final class ConfigLoader {
    private final Map<String, String> env;
    private final List<String> providers;
    private final SecretResolvers resolvers;

    /**
     * @param env       the process environment (injected, so tests need not touch the real one)
     * @param providers the provider names models may use ({@code GatewayBuilder.protocols()})
     */
    public ConfigLoader(Map<String, String> env, List<String> providers) {
        this(env, providers, SecretResolvers.standard(env));
    }

    public ConfigLoader(Map<String, String> env, List<String> providers, SecretResolvers resolvers) {
        this.env = Map.copyOf(env);
        this.providers = List.copyOf(providers);
        this.resolvers = resolvers;
    }

    public GatehouseConfig load(ConfigSource source) {
        return load(source, CommandLineOverrides.NONE);
    }

    public GatehouseConfig load(ConfigSource source, CommandLineOverrides options) {
        Problems problems = new Problems();
        RawConfig raw = RawConfig.empty(source.label());
        if (!source.isBuiltIn()) {
            Optional<Node> root = YamlDocument.parse(source.label(), source.text());
            if (root.isPresent()) {
                raw = ConfigWalker.walk(source.label(), root.get(), problems);
            }
        }
        SettingsParser settings = new SettingsParser(Overrides.apply(raw.settings(), env, options, problems), problems);
        ServerConfig server = settings.server();
        GeneralSettings general = settings.general(resolvers);

        ModelParser parser = new ModelParser(providers, resolvers, general.allowPlaintextSecrets(), problems);
        List<ModelEntry> models = new ArrayList<>();
        for (RawModel model : raw.models()) {
            ModelEntry entry = parser.parse(model);
            if (entry != null) {
                models.add(entry);
            }
        }
        problems.throwIfAny();

        List<String> warnings = new ArrayList<>(problems.warnings());
        if (general.allowPlaintextSecrets()) {
            warnings.add("general_settings.allow_plaintext_secrets is on: secrets may be written in the config "
                    + "file; prefer env:NAME or file:/path references");
        }
        if (raw.models().isEmpty()) {
            models.addAll(GatehouseConfig.DEFAULT_MODELS);
        }
        return new GatehouseConfig(source.label(), server, general, models, warnings);
    }
}
