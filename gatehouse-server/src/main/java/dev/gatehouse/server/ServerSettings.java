package dev.gatehouse.server;

import java.util.Objects;

/**
 * Where the OpenAI-compatible listener binds, how much it accepts, and how it runs.
 *
 * @param host            interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port            TCP port; {@code 0} picks a free one (see {@link GatewayServer#port()})
 * @param maxRequestBytes largest request body accepted; larger ones are answered 413
 * @param engine          how connections are served
 * @param eventLoops      event-loop threads for {@link Engine#LOOP}; zero or less means one per CPU
 * @param busyPollMicros  how long an event loop of {@link Engine#LOOP} may poll its sockets before it sleeps, when
 *                        its recent idle spells were short; zero: it sleeps at once
 */
public record ServerSettings(String host, int port, long maxRequestBytes, Engine engine, int eventLoops,
                             long busyPollMicros) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    public static final long DEFAULT_BUSY_POLL_MICROS = 100;
    /** The longest busy-poll window accepted: a loop polling longer than this is a loop spinning. */
    public static final long MAX_BUSY_POLL_MICROS = 10_000;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(engine, "engine");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxRequestBytes must be between 1 and " + (Integer.MAX_VALUE - 8)
                    + ", got " + maxRequestBytes);
        }
        if (busyPollMicros < 0 || busyPollMicros > MAX_BUSY_POLL_MICROS) {
            throw new IllegalArgumentException("busyPollMicros must be between 0 and " + MAX_BUSY_POLL_MICROS
                    + ", got " + busyPollMicros);
        }
    }

    /** With the default busy-poll window. */
    public ServerSettings(String host, int port, long maxRequestBytes, Engine engine, int eventLoops) {
        this(host, port, maxRequestBytes, engine, eventLoops, DEFAULT_BUSY_POLL_MICROS);
    }

    /** On the default engine, one event loop per CPU. */
    public ServerSettings(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, Engine.LOOP, 0, DEFAULT_BUSY_POLL_MICROS);
    }

    /** How the listener serves connections. */
    public enum Engine {
        /**
         * Event loops (one thread per CPU by default): the thread that sees a socket ready runs the request, and
         * providers are called on the same loop. HTTP/1.1.
         */
        LOOP,
        /** Helidon SE, a virtual thread per connection: HTTP/1.1 and cleartext HTTP/2 (h2c). */
        THREADS
    }
}
