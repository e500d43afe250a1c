package dev.gatehouse.core;

import dev.gatehouse.spi.StreamEvent;

/**
 * A streamed completion, pulled one event at a time. Closing it early releases the upstream connection.
 *
 * <p>Off an event loop, {@link #next()} waits for the upstream. On an event loop, where nothing may wait, a consumer
 * asks {@link #whenReady} first and calls {@code next()} only when the stream says it will not wait; streams handed out
 * on a loop (the {@code Upstream} async methods) support that, and all their methods are called on that loop.
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

    /**
     * For consumers on an event loop: true when {@link #next()} will return without waiting (an event, the end or a
     * failure is at hand). Otherwise false, and {@code ready} runs once, later, on the loop, when it will. Streams that
     * can only wait (made off a loop) refuse.
     */
    default boolean whenReady(Runnable ready) {
        throw new UnsupportedOperationException("this stream can only be read by waiting for it");
    }

    @Override
    void close();
}
