package dev.gatehouse.core.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the I/O timeout of every open connection from one daemon thread that looks at them a few times per timeout
 * and closes the socket of a connection whose current read or write has waited too long (its owner then gets a {@link
 * java.net.SocketTimeoutException}). A socket timeout would do the same for reads, but on a virtual thread every timed
 * read schedules and cancels a task on the JDK's timer and often wakes its thread: at load that was a tenth of the
 * gateway's CPU; and sockets have no write timeout at all, so an upstream that stops reading would hold a request
 * forever. Here a call costs two volatile writes, and the watchdog's work grows with open connections, not requests.
 * A timeout fires between one and one and a quarter timeouts after the call began.
 */
final class IoTimeouts implements AutoCloseable {
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long timeoutNanos;
    private final long tickNanos;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private Thread watchdog;
    private volatile boolean closed;

    /** @param timeoutNanos the longest wait for one read or write; zero disables the watchdog */
    IoTimeouts(long timeoutNanos) {
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("The I/O timeout must not be negative");
        }
        this.timeoutNanos = timeoutNanos;
        this.tickNanos = Math.clamp(timeoutNanos / 4, MIN_TICK_NANOS, MAX_TICK_NANOS);
    }

    /** Watches the connection's reads and writes until it is closed. */
    void watch(Connection connection) {
        if (timeoutNanos == 0 || closed) {
            return;
        }
        open.add(connection);
        startOnce();
    }

    /** Connections being watched (tests). */
    int watched() {
        return open.size();
    }

    private synchronized void startOnce() {
        if (watchdog == null && !closed) {
            watchdog = Thread.ofPlatform().daemon().name("gatehouse-upstream-timeouts").start(this::run);
        }
    }

    private void run() {
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(tickNanos);
            } catch (InterruptedException e) {
                return;
            }
            sweep(System.nanoTime());
        }
    }

    /** One pass: forgets closed connections and aborts those whose read or write is overdue at {@code now}. */
    void sweep(long now) {
        for (Connection connection : open) {
            if (connection.isClosed()) {
                open.remove(connection);
            } else if (connection.watch().overdue(now, timeoutNanos)) {
                open.remove(connection);
                connection.abort();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.clear();
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }
}
