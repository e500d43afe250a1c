package dev.gatehouse.app.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is unusable; carries every problem found, one line each. Never carries a secret value. */
public final class ConfigException extends RuntimeException {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::format).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    static ConfigException of(Origin origin, String path, String message) {
        return new ConfigException(List.of(new ConfigError(origin, path, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
