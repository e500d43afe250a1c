package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Idle keep-alive connections per {@link Origin}: a LIFO stack (the most recently used connection is the likeliest to
 * be alive and warm), at most {@code maxIdlePerOrigin} deep. Connections idle longer than the idle timeout are dropped
 * lazily, when the stack is next touched. Each origin has its own {@link ReentrantLock} (not {@code synchronized},
 * which pins virtual threads on JDK 21); sockets are closed outside the lock.
 */
final class ConnectionPool implements AutoCloseable {
    private final int maxIdlePerOrigin;
    private final long idleTimeoutNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Origin, Idle> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConnectionPool(int maxIdlePerOrigin, long idleTimeoutNanos, LongSupplier nanoTime) {
        if (maxIdlePerOrigin < 0 || idleTimeoutNanos < 0) {
            throw new IllegalArgumentException("maxIdlePerHost and idleTimeout must not be negative");
        }
        this.maxIdlePerOrigin = maxIdlePerOrigin;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.nanoTime = nanoTime;
    }

    /** The most recently idled live connection to the origin, or null. */
    Connection acquire(Origin origin) {
        Idle stack = idle.get(origin);
        if (stack == null) {
            return null;
        }
        while (true) {
            Connection found = pop(stack, nanoTime.getAsLong());
            if (found == null || !dirty(found)) {
                return found;
            }
            found.close();
        }
    }

    /** The top of the stack unless it expired; an expired top means all below expired too: they are closed. */
    private Connection pop(Idle stack, long now) {
        List<Connection> expired;
        stack.lock.lock();
        try {
            Connection candidate = stack.connections.pollFirst();
            if (candidate == null || !expired(candidate, now)) {
                return candidate;
            }
            expired = new ArrayList<>(stack.connections.size() + 1);
            expired.add(candidate);
            expired.addAll(stack.connections);
            stack.connections.clear();
        } finally {
            stack.lock.unlock();
        }
        closeAll(expired);
        return null;
    }

    /** Takes back a connection whose last response was fully read; closes it when the pool is full or closed. */
    void release(Connection connection) {
        if (closed || maxIdlePerOrigin == 0 || connection.in().buffered() > 0) {
            connection.close();
            return;
        }
        long now = nanoTime.getAsLong();
        connection.idleSince(now);
        Idle stack = idle.computeIfAbsent(connection.origin(), o -> new Idle());
        List<Connection> evicted = null;
        stack.lock.lock();
        try {
            stack.connections.addFirst(connection);
            while (!stack.connections.isEmpty()
                    && (stack.connections.size() > maxIdlePerOrigin || expired(stack.connections.peekLast(), now))) {
                if (evicted == null) {
                    evicted = new ArrayList<>(2);
                }
                evicted.add(stack.connections.pollLast());
            }
        } finally {
            stack.lock.unlock();
        }
        closeAll(evicted);
        if (closed) {
            // close() may have swept the stacks before this connection was pushed.
            close();
        }
    }

    /** Idle connections held for the origin (tests). */
    int idleCount(Origin origin) {
        Idle stack = idle.get(origin);
        if (stack == null) {
            return 0;
        }
        stack.lock.lock();
        try {
            return stack.connections.size();
        } finally {
            stack.lock.unlock();
        }
    }

    /** Closes every idle connection; connections released later are closed instead of pooled. */
    @Override
    public void close() {
        closed = true;
        for (Idle stack : idle.values()) {
            List<Connection> all;
            stack.lock.lock();
            try {
                all = new ArrayList<>(stack.connections);
                stack.connections.clear();
            } finally {
                stack.lock.unlock();
            }
            closeAll(all);
        }
    }

    private boolean expired(Connection connection, long now) {
        return now - connection.idleSince() > idleTimeoutNanos;
    }

    /**
     * An idle connection must have nothing to read: unsolicited bytes (say, a 408 sent before the server hung up) would
     * otherwise be taken for the answer to the next request.
     */
    private static boolean dirty(Connection connection) {
        try {
            return connection.isClosed() || connection.in().hasUnread();
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeAll(List<Connection> connections) {
        if (connections != null) {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static final class Idle {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Connection> connections = new ArrayDeque<>();
    }
}
