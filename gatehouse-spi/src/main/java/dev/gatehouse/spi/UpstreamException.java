package dev.gatehouse.spi;

import java.time.Duration;

/**
 * The provider answered with an error, answered nonsense, or could not be reached. The server derives the client-facing
 * status from {@link #upstreamStatus()}: 4xx statuses pass through, 5xx become 502/503/504.
 *
 * @see #UNREACHABLE
 * @see #TIMEOUT
 */
public final class UpstreamException extends GatewayException {
    /** Pseudo-status: the connection failed before any response. */
    public static final int UNREACHABLE = 0;
    /** Pseudo-status: the provider did not answer in time. */
    public static final int TIMEOUT = -1;

    private final int upstreamStatus;
    private final String type;
    private final Duration retryAfter;

    public UpstreamException(int upstreamStatus, String message, String type, String param, String code,
                             Duration retryAfter, Throwable cause) {
        super(message, param, code, cause);
        this.upstreamStatus = upstreamStatus;
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public UpstreamException(int upstreamStatus, String message, String code) {
        this(upstreamStatus, message, null, null, code, null, null);
    }

    /** The provider's HTTP status, or {@link #UNREACHABLE} / {@link #TIMEOUT}. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** The provider's error type, when it gave one in OpenAI's vocabulary; else {@code null}. */
    public String type() {
        return type;
    }

    /** The provider's {@code Retry-After}, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True for failures worth retrying on another attempt or deployment. */
    public boolean retryable() {
        return upstreamStatus <= 0 || upstreamStatus == 408 || upstreamStatus == 409 || upstreamStatus == 429
                || upstreamStatus >= 500;
    }
}
