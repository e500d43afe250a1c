package dev.gatehouse.app;

import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.config.GeneralSettings;
import dev.gatehouse.core.auth.MasterKeyFile;
import dev.gatehouse.core.auth.MasterKeyPolicy;
import dev.gatehouse.core.auth.WeakMasterKeyException;
import dev.gatehouse.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Settles the master key at start-up. A configured key must be strong, or the gateway refuses to start. With none
 * configured, the key in {@code <data dir>/master.key} is used, generated on first start and shown exactly once. With
 * {@code auth: false} there is no key at all, and a warning says so. A key is never logged.
 */
final class MasterKeySetup {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeySetup.class);

    private MasterKeySetup() {
    }

    /**
     * The key network callers must present, or {@code null} when authentication is off.
     *
     * @param dataDir where a generated key is kept (the configured data directory, resolved)
     */
    static Secret establish(GatehouseConfig config, Path dataDir, SecureRandom random, PrintStream out) {
        GeneralSettings general = config.general();
        if (!general.auth()) {
            LOG.warn("AUTHENTICATION IS OFF (general_settings.auth: false): anyone who can reach {}:{} can use every "
                    + "configured model and credential. Use this only for trusted local benchmarks.",
                    config.server().host(), config.server().port());
            return null;
        }
        if (general.masterKey() != null) {
            try {
                MasterKeyPolicy.requireStrong(general.masterKey());
            } catch (WeakMasterKeyException e) {
                throw new StartupException(ExitCodes.CONFIG, "Refusing to start: the master key from "
                        + general.masterKeyOrigin().describe() + " is not acceptable. " + e.getMessage());
            }
            return general.masterKey();
        }
        MasterKeyFile.Loaded loaded;
        try {
            loaded = MasterKeyFile.loadOrCreate(dataDir, random);
        } catch (WeakMasterKeyException | UncheckedIOException e) {
            throw new StartupException(ExitCodes.CONFIG, "Refusing to start: " + e.getMessage());
        }
        String where = loaded.path().toAbsolutePath().normalize().toString();
        if (loaded.created()) {
            printBox(out, List.of(
                    "Your master key (shown once, stored in " + where + " with 0600 permissions):",
                    "",
                    "    " + loaded.key().reveal(),
                    "",
                    "Send it as: Authorization: Bearer <master key>"));
        } else {
            out.println("Master key: stored in " + where);
        }
        return loaded.key();
    }

    private static void printBox(PrintStream out, List<String> lines) {
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        String rule = "+" + "-".repeat(width + 2) + "+";
        StringBuilder sb = new StringBuilder(rule).append('\n');
        for (String line : lines) {
            sb.append("| ").append(line).append(" ".repeat(width - line.length())).append(" |\n");
        }
        sb.append(rule);
        out.println(sb);
        out.flush();
    }
}
