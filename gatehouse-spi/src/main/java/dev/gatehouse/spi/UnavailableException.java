package dev.gatehouse.spi;

import java.time.Duration;

/** The gateway cannot serve the request right now (no healthy deployment, shutting down): HTTP 503. */
public final class UnavailableException extends GatewayException {
    private final Duration retryAfter;

    public UnavailableException(String message, String code, Duration retryAfter) {
        super(message, null, code, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
