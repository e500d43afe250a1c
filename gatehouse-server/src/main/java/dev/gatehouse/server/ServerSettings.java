package dev.gatehouse.server;

import java.util.Objects;

/**
 * Where the OpenAI-compatible listener binds and how much it accepts.
 *
 * @param host            interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port            TCP port; {@code 0} picks a free one (see {@link GatewayServer#port()})
 * @param maxRequestBytes largest request body accepted; larger ones are answered 413
 */
public record ServerSettings(String host, int port, long maxRequestBytes) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxRequestBytes must be between 1 and " + (Integer.MAX_VALUE - 8)
                    + ", got " + maxRequestBytes);
        }
    }
}
