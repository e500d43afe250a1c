package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.StreamEvent;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A stream filled and read on one event loop: the non-blocking transport's callbacks (or a virtual thread, through the
 * loop) add events, the reader takes them after {@link #whenReady}. Confined to the loop's thread. The source is told
 * how much is still queued each time the reader takes an event, so it can stop reading the provider while a slow
 * client lets events pile up, and is cancelled when the reader goes away before the end.
 */
final class QueuedEventStream implements EventStream {
    private final EventLoop loop;
    private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
    private Source source;
    private Runnable ready;
    private boolean finished;
    private boolean closed;

    QueuedEventStream(EventLoop loop) {
        this.loop = loop;
    }

    void source(Source value) {
        this.source = value;
    }

    void add(StreamEvent event) {
        if (!closed && !finished) {
            queue.add(event);
            signal();
        }
    }

    void addAll(List<StreamEvent> events) {
        if (!events.isEmpty() && !closed && !finished) {
            queue.addAll(events);
            signal();
        }
    }

    /** No event follows those added. */
    void finish() {
        finished = true;
        signal();
    }

    int queued() {
        return queue.size();
    }

    @Override
    public StreamEvent next() {
        StreamEvent event = queue.poll();
        if (event == null) {
            if (finished || closed) {
                return null;
            }
            throw new IllegalStateException("no event at hand: ask whenReady first");
        }
        if (event instanceof StreamEvent.Failed) {
            // A failure ends the stream, whether the transport or the provider (an in-band error) reported it.
            queue.clear();
            finished = true;
            cancelSource();
        } else if (source != null) {
            source.taken(queue.size());
        }
        return event;
    }

    @Override
    public boolean whenReady(Runnable action) {
        if (!queue.isEmpty() || finished || closed) {
            return true;
        }
        this.ready = action;
        return false;
    }

    @Override
    public boolean hasBuffered() {
        return !queue.isEmpty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        ready = null;
        cancelSource();
    }

    private void cancelSource() {
        Source s = source;
        source = null;
        if (s != null) {
            s.cancel();
        }
    }

    private void signal() {
        Runnable action = ready;
        if (action != null) {
            ready = null;
            loop.execute(action); // later, never inside the source's own callback
        }
    }

    /** Where the events come from. Both methods run on the loop; {@code cancel} at most once. */
    interface Source {
        /** The reader took an event; {@code queued} are still waiting. */
        void taken(int queued);

        /** The reader is gone (or the stream failed) before the source ended: stop and release the connection. */
        void cancel();
    }
}
