package dev.gatehouse.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may send and how long the listener waits for it.
 *
 * @param maxHeadBytes   request line and header fields together, in bytes; larger heads are refused with 431
 * @param maxHeaders     header fields in one request; more are refused with 431
 * @param maxBodyBytes   request body, in bytes (declared or, for chunked bodies, decoded); larger bodies are refused
 *                       with 413. At most {@code Integer.MAX_VALUE - 8}, since a body is held in one array
 * @param requestTimeout from the first byte of a request until its body is complete; then 408 and the connection closes
 * @param idleTimeout    a keep-alive connection with no request in progress is closed silently after this long
 * @param writeTimeout   response bytes pending without any progress for this long: the connection is closed
 */
public record HttpLimits(int maxHeadBytes, int maxHeaders, long maxBodyBytes, Duration requestTimeout,
                         Duration idleTimeout, Duration writeTimeout) {
    /** The largest body one array can hold. */
    static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 8;

    public HttpLimits {
        if (maxHeadBytes < 64) {
            throw new IllegalArgumentException("maxHeadBytes must be at least 64: " + maxHeadBytes);
        }
        if (maxHeaders < 1) {
            throw new IllegalArgumentException("maxHeaders must be at least 1: " + maxHeaders);
        }
        if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes must be within 0.." + MAX_BODY_BYTES + ": " + maxBodyBytes);
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(writeTimeout, "writeTimeout");
    }

    /** 16 KiB of head, 100 header fields, the given body limit and 60 seconds for each timeout. */
    public static HttpLimits defaults(long maxBodyBytes) {
        Duration minute = Duration.ofSeconds(60);
        return new HttpLimits(16 * 1024, 100, maxBodyBytes, minute, minute, minute);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }

    /** The duration in nanoseconds, saturated rather than overflowing. */
    static long nanos(Duration duration) {
        return duration.compareTo(Duration.ofDays(365 * 100)) > 0 ? Long.MAX_VALUE / 4 : duration.toNanos();
    }
}
