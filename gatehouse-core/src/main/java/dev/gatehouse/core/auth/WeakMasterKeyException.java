package dev.gatehouse.core.auth;

/** The configured master key is absent, short or well known; the server refuses to start. */
public final class WeakMasterKeyException extends IllegalStateException {
    WeakMasterKeyException(String message) {
        super(message);
    }
}
