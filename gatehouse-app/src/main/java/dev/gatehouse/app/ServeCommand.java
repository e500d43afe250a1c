package dev.gatehouse.app;

import dev.gatehouse.app.config.CommandLineOverrides;
import dev.gatehouse.app.config.ConfigLoader;
import dev.gatehouse.app.config.ConfigLocator;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.ServerConfig;
import dev.gatehouse.core.Gateway;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gatehouse serve}: load the configuration, settle the master key, build the gateway, listen, and run until the
 * process is told to stop. Read top to bottom, {@link #call()} is the whole start-up.
 */
@Command(name = "serve", description = "Start the gateway (the default command).", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", paramLabel = "PATH",
            description = "Config file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml if present, else built-in "
                    + "defaults with mock models).")
    Path config;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 4000; 0 picks one).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./gatehouse-data).")
    Path dataDir;

    private final AppContext context;
    private final ServerLauncher launcher;

    ServeCommand(AppContext context, ServerLauncher launcher) {
        this.context = context;
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        Logging.install();
        List<ProviderCodec> codecs = ProviderCatalog.codecs();
        GatehouseConfig cfg = new ConfigLoader(context.env(), ProviderCatalog.names(codecs))
                .load(ConfigLocator.locate(config, context.env(), context.workingDir()),
                        new CommandLineOverrides(host, port, dataDir));
        cfg.warnings().forEach(LOG::warn);

        ServerConfig server = cfg.server();
        Path data = context.workingDir().resolve(server.dataDir());
        Secret masterKey = MasterKeySetup.establish(cfg, data, context.random(), context.out());
        Gateway gateway = GatewayFactory.build(cfg, codecs, masterKey, Clock.systemUTC());

        ServerLauncher.RunningServer running = launcher.start(server, gateway);
        String address = hostForUrl(server.host()) + ":" + running.port();
        LOG.info("Gatehouse {} listening on {} (config: {}; models: {})", Version.number(), address, cfg.source(),
                String.join(", ", cfg.modelNames()));
        context.out().println("Gatehouse listening on http://" + address);
        context.out().flush();

        context.lifecycle().runUntilStopped(running.port(), () -> {
            LOG.info("Gatehouse shutting down");
            running.close();
            gateway.close();
        });
        return ExitCodes.OK;
    }

    /** IPv6 literals need brackets in a URL. */
    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
