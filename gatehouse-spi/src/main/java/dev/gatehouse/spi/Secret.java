package dev.gatehouse.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential held in memory. Its {@link #toString()} never shows the value, so a secret that reaches a log line, an
 * exception message or a debugger's summary stays masked. Call {@link #reveal()} only where the value leaves the process
 * for its one legitimate purpose (an upstream auth header).
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plaintext. Never log, store or return it. */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    /** Compares with a candidate in time independent of where they differ. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** A hint safe to show an administrator: the last four characters of a long secret, nothing of a short one. */
    public String masked() {
        return value.length() >= 16 ? "****" + value.substring(value.length() - 4) : "****";
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
