package dev.gatehouse.core.auth;

import dev.gatehouse.spi.Secret;

import java.util.Locale;
import java.util.Set;

/**
 * What a master key must be: at least {@value #MIN_LENGTH} characters, not a well-known default, and not trivially
 * guessable (one repeated character, a short pattern repeated). Messages never include the key.
 */
public final class MasterKeyPolicy {
    public static final int MIN_LENGTH = 32;

    private static final Set<String> WELL_KNOWN = Set.of(
            "sk-1234", "sk-12345", "sk-123456", "sk-1234567890", "changeme", "change-me", "change_me", "password",
            "passw0rd", "secret", "admin", "master", "masterkey", "master-key", "master_key", "test", "default",
            "letmein", "qwerty", "123456", "12345678", "1234567890", "sk-master", "sk-admin", "sk-test",
            "your-master-key", "your_master_key", "my-master-key", "sk-my-master-key", "litellm", "sk-litellm");

    private MasterKeyPolicy() {
    }

    /** Throws {@link WeakMasterKeyException} unless the key is acceptable. */
    public static void requireStrong(Secret key) {
        if (key == null || key.reveal().isBlank()) {
            throw new WeakMasterKeyException("No master key is configured.");
        }
        String value = key.reveal();
        String normalised = value.trim().toLowerCase(Locale.ROOT);
        if (WELL_KNOWN.contains(normalised) || containsWellKnownCore(normalised)) {
            throw new WeakMasterKeyException("The master key is a well-known default value; generate a random one "
                    + "(for example: openssl rand -base64 36).");
        }
        if (value.length() < MIN_LENGTH) {
            throw new WeakMasterKeyException("The master key is too short (" + value.length() + " characters); it must "
                    + "be at least " + MIN_LENGTH + " random characters.");
        }
        if (isRepetitive(value)) {
            throw new WeakMasterKeyException("The master key is a repeated pattern; it must be random.");
        }
    }

    /** Well-known values padded to length ("sk-1234sk-1234…", "changemechangeme…") are still well known. */
    private static boolean containsWellKnownCore(String normalised) {
        for (String weak : WELL_KNOWN) {
            if (weak.length() >= 6 && isRepetitionOf(normalised, weak)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRepetitive(String value) {
        for (int period = 1; period <= value.length() / 2; period++) {
            if (isRepetitionOf(value, value.substring(0, period))) {
                return true;
            }
        }
        long distinct = value.chars().distinct().count();
        return distinct < 8;
    }

    private static boolean isRepetitionOf(String value, String unit) {
        if (value.length() < unit.length() * 2) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != unit.charAt(i % unit.length())) {
                return false;
            }
        }
        return true;
    }
}
