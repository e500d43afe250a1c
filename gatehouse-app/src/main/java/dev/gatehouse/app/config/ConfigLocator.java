package dev.gatehouse.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the configuration: {@code --config PATH}, else {@code GATEHOUSE_CONFIG}, else {@code ./gatehouse.yaml} if it
 * exists, else the built-in defaults. A file named explicitly must exist.
 */
public final class ConfigLocator {
    public static final String ENV_CONFIG = "GATEHOUSE_CONFIG";
    public static final String DEFAULT_FILE = "gatehouse.yaml";

    private ConfigLocator() {
    }

    /**
     * @param option     the {@code --config} value, or {@code null}
     * @param workingDir where {@value #DEFAULT_FILE} is looked for
     */
    public static ConfigSource locate(Path option, Map<String, String> env, Path workingDir) {
        if (option != null) {
            return ConfigSource.file(option, Origin.option("--config"));
        }
        String fromEnv = env.get(ENV_CONFIG);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return ConfigSource.file(Path.of(fromEnv.strip()), Origin.environment(ENV_CONFIG));
        }
        Path local = workingDir.resolve(DEFAULT_FILE);
        if (Files.isRegularFile(local)) {
            return ConfigSource.file(local, Origin.file(local.toString(), 0));
        }
        return ConfigSource.builtIn();
    }
}
