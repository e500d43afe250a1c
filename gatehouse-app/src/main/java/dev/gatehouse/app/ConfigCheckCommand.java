package dev.gatehouse.app;

import dev.gatehouse.app.config.ConfigError;
import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.app.config.ConfigLoader;
import dev.gatehouse.app.config.ConfigLocator;
import dev.gatehouse.app.config.ConfigSource;
import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.core.auth.MasterKeyPolicy;
import dev.gatehouse.core.auth.WeakMasterKeyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gatehouse config check}: loads a configuration exactly as {@code serve} would (environment overrides, secret
 * references, master-key strength) and prints OK or every problem. Exit 0 when OK, 1 otherwise.
 */
@Command(name = "check", description = "Validate a configuration and print OK or its errors.",
        mixinStandardHelpOptions = true)
final class ConfigCheckCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "PATH",
            description = "Config file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml).")
    Path config;

    private final AppContext context;

    ConfigCheckCommand(AppContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintStream out = context.out();
        PrintStream err = context.err();
        GatehouseConfig cfg;
        try {
            ConfigSource source = ConfigLocator.locate(config, context.env(), context.workingDir());
            cfg = new ConfigLoader(context.env(), ProviderCatalog.names(ProviderCatalog.codecs())).load(source);
        } catch (ConfigException e) {
            printErrors(err, e.errors());
            return ExitCodes.FAILED;
        }
        if (cfg.general().auth() && cfg.general().masterKey() != null) {
            try {
                MasterKeyPolicy.requireStrong(cfg.general().masterKey());
            } catch (WeakMasterKeyException e) {
                err.println("Configuration error:");
                err.println("  " + cfg.general().masterKeyOrigin().describe() + " (general_settings.master_key): "
                        + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
        cfg.warnings().forEach(w -> out.println("warning: " + w));
        out.println("OK: " + cfg.source() + ": " + cfg.models().size() + " deployment(s) serving "
                + String.join(", ", cfg.modelNames()) + "; listening on " + cfg.server().host() + ":"
                + cfg.server().port());
        return ExitCodes.OK;
    }

    static void printErrors(PrintStream err, List<ConfigError> errors) {
        err.println(errors.size() == 1 ? "Configuration error:" : errors.size() + " configuration errors:");
        errors.forEach(e -> err.println("  " + e.format()));
    }
}
