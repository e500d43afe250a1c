package dev.gatehouse.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code server:} section.
 *
 * @param host            the interface to listen on; {@code 0.0.0.0} for all
 * @param port            the port; 0 picks a free one
 * @param maxRequestBytes the largest request body accepted
 * @param dataDir         where the gateway keeps its files (the generated master key, later the local database)
 * @param engine          {@code loop} (event loops, the default) or {@code threads} (a virtual thread per connection;
 *                        also serves cleartext HTTP/2)
 * @param eventLoops      event-loop threads; 0 means one per CPU
 * @param busyPollMicros  how long an event loop may poll before it sleeps (adaptive, up to this); 0 turns it off
 */
public record ServerConfig(String host, int port, long maxRequestBytes, Path dataDir, String engine, int eventLoops,
                           long busyPollMicros) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    public static final Path DEFAULT_DATA_DIR = Path.of("gatehouse-data");
    public static final String DEFAULT_ENGINE = "loop";
    /** The server's default busy-poll window and limit (EngineNamesTest keeps both equal to the server's). */
    public static final long DEFAULT_BUSY_POLL_MICROS = 100;
    public static final long MAX_BUSY_POLL_MICROS = 10_000;
    /** The engines {@code server.engine} accepts: the server's engines by name (EngineNamesTest keeps them equal). */
    public static final List<String> ENGINES = List.of("loop", "threads");

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(engine, "engine");
    }

    /** With the default engine, one event loop per CPU and the default busy-poll window. */
    public ServerConfig(String host, int port, long maxRequestBytes, Path dataDir) {
        this(host, port, maxRequestBytes, dataDir, DEFAULT_ENGINE, 0, DEFAULT_BUSY_POLL_MICROS);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_DATA_DIR);
    }
}
