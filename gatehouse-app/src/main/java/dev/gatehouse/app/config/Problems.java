package dev.gatehouse.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects errors and warnings while a configuration is read, so every problem is reported at once. */
final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, String> warnings = new LinkedHashMap<>();

    void error(Origin origin, String path, String message) {
        errors.add(new ConfigError(origin, path, message));
    }

    /** Records a warning once per {@code key}, however many times it is reported. */
    void warnOnce(String key, String message) {
        warnings.putIfAbsent(key, message);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> warnings() {
        return List.copyOf(warnings.values());
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
