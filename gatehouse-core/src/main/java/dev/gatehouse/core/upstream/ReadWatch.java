package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The read-timeout state of one connection, shared by its reader and {@link ReadTimeouts}: when a blocking read began
 * (or none is under way), and whether the watchdog gave up on it. Two volatile writes per read, where a socket timeout
 * would schedule and cancel a timer task.
 */
final class ReadWatch {
    private static final long NOT_READING = Long.MIN_VALUE;

    private volatile long since = NOT_READING;
    private volatile boolean expired;

    void begin() {
        since = System.nanoTime();
    }

    void end() {
        since = NOT_READING;
    }

    /** True when a read under way at {@code now} has waited longer than {@code timeoutNanos}. */
    boolean overdue(long now, long timeoutNanos) {
        long started = since;
        return started != NOT_READING && now - started > timeoutNanos;
    }

    /** Marks the connection timed out; the watchdog then closes its socket, which ends the read. */
    void expire() {
        expired = true;
    }

    boolean expired() {
        return expired;
    }

    /** What a read that failed (or saw end of stream) because the watchdog closed the socket throws instead. */
    SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("Read timed out");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
