package dev.gatehouse.app.config;

/** A secret reference could not be resolved. The message names the reference only, never a value. */
public final class SecretResolutionException extends RuntimeException {
    public SecretResolutionException(String message) {
        super(message);
    }
}
