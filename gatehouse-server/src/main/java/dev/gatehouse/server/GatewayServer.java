package dev.gatehouse.server;

import dev.gatehouse.core.Gateway;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Objects;

/**
 * The OpenAI-compatible HTTP listener in front of a built {@link Gateway}, on the engine the settings name: event
 * loops ({@link LoopEngine}, the default) or a virtual thread per connection ({@link HelidonEngine}). Both answer
 * every path the same way, with the same JSON errors.
 */
public final class GatewayServer implements AutoCloseable {
    private final Engine engine;

    private GatewayServer(Engine engine) {
        this.engine = engine;
    }

    /**
     * Binds and starts serving; returns once the port is open.
     *
     * @throws UncheckedIOException wrapping a {@link BindException} when the address cannot be bound
     */
    public static GatewayServer start(ServerSettings settings, Gateway gateway) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(gateway, "gateway");
        return new GatewayServer(switch (settings.engine()) {
            case LOOP -> LoopEngine.start(settings, gateway);
            case THREADS -> HelidonEngine.start(settings, gateway);
        });
    }

    /** The bound port (the chosen one when the settings asked for port 0). */
    public int port() {
        return engine.port();
    }

    /** Stops accepting connections and lets requests in flight finish. */
    @Override
    public void close() {
        engine.close();
    }

    /** A running listener. */
    sealed interface Engine extends AutoCloseable permits LoopEngine, HelidonEngine {
        int port();

        @Override
        void close();
    }
}
