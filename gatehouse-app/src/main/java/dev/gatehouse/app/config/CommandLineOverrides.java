package dev.gatehouse.app.config;

import java.nio.file.Path;

/**
 * Settings given on the command line; they win over the environment and the file. Each is {@code null} when not
 * given.
 */
public record CommandLineOverrides(String host, Integer port, Path dataDir) {
    public static final CommandLineOverrides NONE = new CommandLineOverrides(null, null, null);
}
