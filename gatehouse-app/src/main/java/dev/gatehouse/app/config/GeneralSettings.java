package dev.gatehouse.app.config;

import dev.gatehouse.spi.Secret;

/**
 * The {@code general_settings:} section (LiteLLM's name for it).
 *
 * @param masterKey             the configured master key, or {@code null} when none is configured (one is then
 *                              generated into the data directory); its {@code toString()} is masked
 * @param masterKeyOrigin       where the master key was configured, for messages; {@code null} when not configured
 * @param auth                  whether network callers must present a key; {@code false} only for trusted benchmarks
 * @param accessLog             one log line per request
 * @param allowPlaintextSecrets accept secrets written directly in the config file
 */
public record GeneralSettings(Secret masterKey, Origin masterKeyOrigin, boolean auth, boolean accessLog,
                              boolean allowPlaintextSecrets) {

    public static GeneralSettings defaults() {
        return new GeneralSettings(null, null, true, true, false);
    }
}
