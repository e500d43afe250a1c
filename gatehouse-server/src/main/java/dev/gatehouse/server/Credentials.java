package dev.gatehouse.server;

import dev.gatehouse.spi.Secret;

/**
 * The caller's key from {@code Authorization: Bearer <key>} (OpenAI SDKs) or {@code x-api-key: <key>} (Anthropic
 * SDKs). Only extracted here; whether it is valid is the gateway's auth filter's decision.
 */
final class Credentials {
    private static final String BEARER = "bearer ";

    private Credentials() {
    }

    /** The key, or {@code null} when none was presented. */
    static Secret from(String authorization, String apiKey) {
        String key = bearer(authorization);
        if (key == null && apiKey != null) {
            key = apiKey.strip();
        }
        return key == null || key.isEmpty() ? null : Secret.of(key);
    }

    /** {@code Bearer <key>} (scheme case-insensitive); a bare token without a scheme is taken as the key too. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return value.substring(BEARER.length()).strip();
        }
        return value.indexOf(' ') < 0 ? value : null; // another scheme (Basic …) is not a key
    }
}
