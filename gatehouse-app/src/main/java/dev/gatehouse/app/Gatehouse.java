package dev.gatehouse.app;

import dev.gatehouse.app.config.ConfigLoader;
import dev.gatehouse.app.config.ConfigSource;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.ProviderCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Gatehouse as a library: the gateway a configuration describes, called in-process. No listener is started and no
 * master key is needed (in-process callers are trusted); every other part of the request path applies.
 *
 * <pre>{@code
 * try (Gatehouse gh = Gatehouse.fromConfig(Path.of("gatehouse.yaml"))) {
 *     ChatResponse r = gh.chat(request);
 * }
 * }</pre>
 *
 * Configuration problems throw {@link dev.gatehouse.app.config.ConfigException}, listing each one.
 */
public final class Gatehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gatehouse.class);
    private final Gateway gateway;
    private final GatehouseConfig config;

    private Gatehouse(GatehouseConfig config, Gateway gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    /** Loads {@code path}, resolving secret references and overrides from {@link System#getenv()}. */
    public static Gatehouse fromConfig(Path path) {
        return fromConfig(path, System.getenv());
    }

    public static Gatehouse fromConfig(Path path, Map<String, String> env) {
        return from(ConfigSource.file(path), env);
    }

    /** Builds from YAML text (handy for tests and embedding); errors are labelled {@code <yaml>:line}. */
    public static Gatehouse fromYaml(String yaml, Map<String, String> env) {
        return from(ConfigSource.yaml("<yaml>", yaml), env);
    }

    private static Gatehouse from(ConfigSource source, Map<String, String> env) {
        List<ProviderCodec> codecs = ProviderCatalog.codecs();
        GatehouseConfig config = new ConfigLoader(env, ProviderCatalog.names(codecs)).load(source);
        config.warnings().forEach(LOG::warn);
        return new Gatehouse(config, GatewayFactory.build(config, codecs, null, Clock.systemUTC()));
    }

    public ChatResponse chat(ChatRequest request) {
        return gateway.chat(request);
    }

    /** Streams a completion; close the stream (try-with-resources) to release the upstream connection early. */
    public EventStream stream(ChatRequest request) {
        return gateway.stream(request);
    }

    public EmbeddingResponse embed(EmbeddingRequest request) {
        return gateway.embed(request);
    }

    public List<ModelInfo> models() {
        return gateway.models();
    }

    /** The underlying gateway, for callers that need more than the shortcuts above. */
    public Gateway gateway() {
        return gateway;
    }

    /** The loaded configuration (secrets in it are masked in {@code toString()}). */
    public GatehouseConfig config() {
        return config;
    }

    /** Closes idle upstream connections and stops the transport's timeout watchdog. */
    @Override
    public void close() {
        gateway.close();
    }
}
