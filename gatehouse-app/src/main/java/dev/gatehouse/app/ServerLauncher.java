package dev.gatehouse.app;

import dev.gatehouse.app.config.ServerConfig;
import dev.gatehouse.core.Gateway;

/** Starts the HTTP listener in front of a gateway. One implementation serves; tests may supply another. */
interface ServerLauncher {

    /** Listens as {@code server} says; a failure to listen (port in use, …) is a {@link StartupException}. */
    RunningServer start(ServerConfig server, Gateway gateway);

    /** A listening server. */
    interface RunningServer extends AutoCloseable {
        /** The port actually bound (differs from the configured one when that was 0). */
        int port();

        /** Stops accepting, lets requests in flight finish, and releases the port. */
        @Override
        void close();
    }
}
