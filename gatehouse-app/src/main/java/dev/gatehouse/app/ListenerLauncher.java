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
                    engine(server.engine()), server.eventLoops(), server.busyPollMicros()), gateway);
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

    /**
     * The engine a configured name stands for. The config package names the engines itself
     * ({@link ServerConfig#ENGINES}) so as not to depend on the server; EngineNamesTest keeps both lists equal.
     */
    static ServerSettings.Engine engine(String name) {
        return ServerSettings.Engine.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
