package dev.gatehouse.app.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code server:} section.
 *
 * @param host            the interface to listen on; {@code 0.0.0.0} for all
 * @param port            the port; 0 picks a free one
 * @param maxRequestBytes the largest request body accepted
 * @param dataDir         where the gateway keeps its files (the generated master key, later the local database)
 */
public record ServerConfig(String host, int port, long maxRequestBytes, Path dataDir) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    public static final Path DEFAULT_DATA_DIR = Path.of("gatehouse-data");

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_DATA_DIR);
    }
}
