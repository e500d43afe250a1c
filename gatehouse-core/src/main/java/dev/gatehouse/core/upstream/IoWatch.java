package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * The timeout state of one connection, shared by its owner and {@link IoTimeouts}: when the blocking read or write
 * under way began (a connection has one owner, so there is at most one), and whether the watchdog gave up on it. Two
 * volatile writes per call, where a socket timeout would schedule and cancel a timer task.
 */
final class IoWatch {
    private static final long IDLE = Long.MIN_VALUE;

    private volatile long since = IDLE;
    private volatile boolean expired;

    void begin() {
        since = System.nanoTime();
    }

    void end() {
        since = IDLE;
    }

    /** True when a read or write under way at {@code now} has waited longer than {@code timeoutNanos}. */
    boolean overdue(long now, long timeoutNanos) {
        long started = since;
        return started != IDLE && now - started > timeoutNanos;
    }

    /** Marks the connection timed out; the watchdog then closes its socket, which ends the call. */
    void expire() {
        expired = true;
    }

    boolean expired() {
        return expired;
    }

    /** What a failed call throws: a timeout when the watchdog closed the socket under it, else the failure itself. */
    IOException failure(IOException cause) {
        return expired ? timeout(cause) : cause;
    }

    /** What a call that failed (or saw end of stream) because the watchdog closed the socket throws instead. */
    SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("Timed out");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
