package dev.gatehouse.app;

import dev.gatehouse.app.config.ServerConfig;
import dev.gatehouse.core.Gateway;

import java.util.concurrent.atomic.AtomicBoolean;

/** Records what it was asked to start instead of listening. */
final class FakeLauncher implements ServerLauncher {
    ServerConfig server;
    Gateway gateway;
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public RunningServer start(ServerConfig config, Gateway gw) {
        this.server = config;
        this.gateway = gw;
        return new RunningServer() {
            @Override
            public int port() {
                return config.port() == 0 ? 40123 : config.port();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }
}
