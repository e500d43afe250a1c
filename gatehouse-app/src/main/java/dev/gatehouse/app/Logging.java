package dev.gatehouse.app;

import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Map;

/**
 * Routes {@code java.util.logging} (which Helidon logs through) to SLF4J/logback. Levels are kept in step by logback's
 * {@code LevelChangePropagator} (see {@code logback.xml}), so disabled JUL levels cost nothing.
 */
final class Logging {
    /** Selects the log format: {@code json} (default) or {@code text}; read by {@code logback.xml}. */
    static final String FORMAT_VARIABLE = "GATEHOUSE_LOG_FORMAT";

    private Logging() {
    }

    /** An error message when the log format variable names no format, else {@code null}. */
    static String checkFormat(Map<String, String> env) {
        String format = env.get(FORMAT_VARIABLE);
        if (format == null || format.equals("json") || format.equals("text")) {
            return null;
        }
        return "environment variable " + FORMAT_VARIABLE + ": expected json or text, got \"" + format + "\"";
    }

    static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
