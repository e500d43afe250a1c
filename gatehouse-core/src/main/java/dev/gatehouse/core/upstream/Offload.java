package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.StreamEvent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Runs an upstream's waiting methods for a caller on an event loop: on a virtual thread, completing on the caller's
 * loop. What cannot be done without waiting (a caller-supplied transport, an HTTP/2 upstream) goes this
 * way; the loop itself never waits.
 */
final class Offload {
    /** Events a pumped stream may hold for a reader that is slower than the provider. */
    static final int STREAM_WINDOW = 64;

    private Offload() {
    }

    /** Runs the work on a virtual thread; the future completes on the calling loop (or that thread, off a loop). */
    static <T> CompletableFuture<T> call(Supplier<T> work) {
        EventLoop loop = EventLoop.current();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().name("gatehouse-offload").start(() -> {
            try {
                T value = work.get();
                onLoop(loop, () -> result.complete(value));
            } catch (RuntimeException | Error e) {
                onLoop(loop, () -> result.completeExceptionally(e));
            }
        });
        return result;
    }

    /** Work that does not wait, as an already completed (or failed) future. */
    static <T> CompletableFuture<T> now(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Opens a waiting stream on a virtual thread that then pumps its events to the calling loop, at most
     * {@link #STREAM_WINDOW} ahead of the reader. Closing the loop's stream interrupts the pump, which closes the
     * waiting stream (and with it the provider's connection). Off a loop, the waiting stream itself is handed out.
     */
    static CompletableFuture<EventStream> stream(Supplier<EventStream> open) {
        EventLoop loop = EventLoop.current();
        if (loop == null) {
            return call(open);
        }
        CompletableFuture<EventStream> result = new CompletableFuture<>();
        QueuedEventStream queued = new QueuedEventStream(loop);
        Semaphore window = new Semaphore(STREAM_WINDOW);
        Thread pump = Thread.ofVirtual().name("gatehouse-offload-stream").unstarted(() -> {
            EventStream source;
            try {
                source = open.get();
            } catch (RuntimeException | Error e) {
                loop.execute(() -> result.completeExceptionally(e));
                return;
            }
            loop.execute(() -> result.complete(queued));
            pump(source, queued, window, loop);
        });
        queued.source(new QueuedEventStream.Source() {
            @Override
            public void taken(int waiting) {
                window.release();
            }

            @Override
            public void cancel() {
                pump.interrupt();
            }
        });
        pump.start();
        return result;
    }

    private static void pump(EventStream source, QueuedEventStream queued, Semaphore window, EventLoop loop) {
        try (source) {
            while (true) {
                window.acquire();
                StreamEvent event = source.next();
                if (event == null) {
                    loop.execute(queued::finish);
                    return;
                }
                loop.execute(() -> queued.add(event));
                if (event instanceof StreamEvent.Failed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the reader went away; closing the source releases the connection
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                loop.execute(() -> queued.add(new StreamEvent.Failed(Replies.unwrap(e))));
            }
        }
    }

    private static void onLoop(EventLoop loop, Runnable action) {
        if (loop == null) {
            action.run();
        } else {
            loop.execute(action);
        }
    }
}
