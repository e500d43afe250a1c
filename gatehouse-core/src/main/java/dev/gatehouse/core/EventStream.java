package dev.gatehouse.core;

import dev.gatehouse.spi.StreamEvent;

/**
 * A streamed completion, pulled one event at a time on the caller's (virtual) thread. Closing it early releases the
 * upstream connection.
 */
public interface EventStream extends AutoCloseable {

    /** The next event, blocking until it arrives; {@code null} once the stream has ended. */
    StreamEvent next();

    @Override
    void close();
}
