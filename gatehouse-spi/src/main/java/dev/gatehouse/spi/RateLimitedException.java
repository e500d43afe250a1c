package dev.gatehouse.spi;

import java.time.Duration;

/** A limit was hit (gateway-side or reported by the provider): HTTP 429, with {@code Retry-After} when known. */
public final class RateLimitedException extends GatewayException {
    private final Duration retryAfter;

    public RateLimitedException(String message, String code, Duration retryAfter) {
        super(message, null, code, null);
        this.retryAfter = retryAfter;
    }

    /** When the client may retry, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
