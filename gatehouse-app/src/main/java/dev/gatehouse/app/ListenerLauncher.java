package dev.gatehouse.app;

import dev.gatehouse.app.config.ServerConfig;
import dev.gatehouse.core.Gateway;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.server.ServerSettings;

import java.util.Locale;

/** Starts {@link GatewayServer} (gatehouse-server) in front of the gateway, on the configured engine. */
final class ListenerLauncher implements ServerLauncher {
    @Override
    public RunningServer start(ServerConfig server, Gateway gateway) {
        String address = ServeCommand.hostForUrl(server.host()) + ":" + server.port();
        GatewayServer listening;
        try {
            listening = GatewayServer.start(new ServerSettings(server.host(), server.port(), server.maxRequestBytes(),
                    ServerSettings.Engine.valueOf(server.engine().toUpperCase(Locale.ROOT)),
                    server.eventLoops()), gateway);
        } catch (RuntimeException e) {
            throw new StartupException(ExitCodes.FAILED, "Cannot listen on " + address + ": " + rootCause(e));
        }
        return new RunningServer() {
            @Override
            public int port() {
                return listening.port();
            }

            @Override
            public void close() {
                listening.close();
            }
        };
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
