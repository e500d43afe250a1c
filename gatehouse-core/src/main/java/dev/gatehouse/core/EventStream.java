package dev.gatehouse.core;

import dev.gatehouse.spi.StreamEvent;

/**
 * A streamed completion, pulled one event at a time on the caller's (virtual) thread. Closing it early releases the
 * upstream connection.
 */
public interface EventStream extends AutoCloseable {

    /** The next event, blocking until it arrives; {@code null} once the stream has ended. */
    StreamEvent next();

    /**
     * True when {@link #next()} will return without waiting for the upstream. A writer flushes only when this is false,
     * so events that arrived together leave together, and nothing waits in a buffer for data still to come.
     */
    default boolean hasBuffered() {
        return false;
    }

    @Override
    void close();
}
