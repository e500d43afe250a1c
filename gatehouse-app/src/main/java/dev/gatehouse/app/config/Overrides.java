package dev.gatehouse.app.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lays the environment and then the command line over the settings from the file. For each setting the full variable
 * ({@code GATEHOUSE_SERVER_PORT}) wins over its short alias ({@code GATEHOUSE_PORT}); an empty variable counts as
 * unset. Values keep their origin, so a bad one is reported against the variable or option that gave it.
 */
final class Overrides {
    private Overrides() {
    }

    /**
     * Variables read elsewhere: the config path (by {@link ConfigLocator}), the log format (by logback), and the jar and
     * JVM options (by the {@code gatehouse} launcher, which leaves them in the environment it starts Java with).
     */
    private static final Set<String> OTHER_VARIABLES = Set.of(ConfigLocator.ENV_CONFIG, "GATEHOUSE_LOG_FORMAT",
            "GATEHOUSE_JAR", "GATEHOUSE_JAVA_OPTS");

    static Map<Setting, RawValue> apply(Map<Setting, RawValue> fromFile, Map<String, String> env,
                                        CommandLineOverrides options, Problems problems) {
        warnAboutUnknownVariables(env, problems);
        Map<Setting, RawValue> result = new EnumMap<>(Setting.class);
        result.putAll(fromFile);
        for (Setting setting : Setting.values()) {
            RawValue value = fromEnv(env, setting.envName());
            if (value == null && setting.envAlias() != null) {
                value = fromEnv(env, setting.envAlias());
            }
            if (value != null) {
                result.put(setting, value);
            }
        }
        if (options.host() != null) {
            result.put(Setting.HOST, new RawValue(options.host(), Origin.option("--host")));
        }
        if (options.port() != null) {
            result.put(Setting.PORT, new RawValue(options.port().toString(), Origin.option("--port")));
        }
        if (options.dataDir() != null) {
            result.put(Setting.DATA_DIR, new RawValue(options.dataDir().toString(), Origin.option("--data-dir")));
        }
        return result;
    }

    /** A misspelt override would silently do nothing; say so. */
    private static void warnAboutUnknownVariables(Map<String, String> env, Problems problems) {
        Set<String> known = new TreeSet<>(OTHER_VARIABLES);
        for (Setting s : Setting.values()) {
            known.add(s.envName());
            if (s.envAlias() != null) {
                known.add(s.envAlias());
            }
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("GATEHOUSE_") && !known.contains(name)) {
                String close = Suggestions.closest(name, known);
                problems.warnOnce("env:" + name, "environment variable " + name + " is not a Gatehouse setting"
                        + (close == null ? "; ignored" : " (did you mean " + close + "?); ignored"));
            }
        }
    }

    private static RawValue fromEnv(Map<String, String> env, String name) {
        String text = env.get(name);
        return text == null || text.isEmpty() ? null : new RawValue(text, Origin.environment(name));
    }
}
