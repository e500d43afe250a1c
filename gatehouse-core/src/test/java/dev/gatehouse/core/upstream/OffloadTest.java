package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffloadTest {
    private final EventLoop loop = EventLoop.start("test-loop");

    @AfterEach
    void stop() {
        loop.close();
    }

    private <T> CompletableFuture<T> fromLoop(Supplier<CompletableFuture<T>> start) throws Exception {
        CompletableFuture<CompletableFuture<T>> started = new CompletableFuture<>();
        loop.execute(() -> started.complete(start.get()));
        return started.get(5, TimeUnit.SECONDS);
    }

    @Test
    void waitingWorkRunsOffTheLoopAndCompletesOnIt() throws Exception {
        CompletableFuture<String> result = fromLoop(() -> Offload.call(
                () -> (EventLoop.current() == null ? "off" : "on") + "-loop"));
        // Attached on the loop; only the dependent is waited for: a thread waiting in get() on a future may run
        // that future's dependents itself.
        CompletableFuture<Boolean> completedOnLoop = fromLoop(() -> result.thenApply(value -> loop.inLoop()));

        assertThat(completedOnLoop.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(result.getNow(null)).isEqualTo("off-loop");
    }

    @Test
    void aFailureOfTheWaitingWorkFailsTheFuture() throws Exception {
        UpstreamException failure = new UpstreamException(503, "down", "upstream_unavailable");
        CompletableFuture<String> result = fromLoop(() -> Offload.call(() -> {
            throw failure;
        }));
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCause(failure);
    }

    @Test
    void aWaitingStreamIsPumpedToTheLoopAndReadWithoutWaiting() throws Exception {
        List<StreamEvent> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(new StreamEvent.TextDelta(0, "w" + i, null));
        }
        CountingStream waiting = new CountingStream(sent.size(), i -> sent.get(i));
        EventStream stream = fromLoop(() -> Offload.stream(() -> waiting)).get(5, TimeUnit.SECONDS);

        CompletableFuture<List<StreamEvent>> read = new CompletableFuture<>();
        List<StreamEvent> received = new ArrayList<>();
        loop.execute(new Runnable() {
            @Override
            public void run() {
                while (stream.whenReady(this)) {
                    StreamEvent event = stream.next();
                    if (event == null) {
                        read.complete(received);
                        return;
                    }
                    received.add(event);
                }
            }
        });
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
        assertThat(waiting.closed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void thePumpStaysAWindowAheadOfASlowReaderAndStopsWhenTheReaderLeaves() throws Exception {
        CountingStream endless = new CountingStream(Integer.MAX_VALUE, i -> new StreamEvent.TextDelta(0, "x", null));
        EventStream stream = fromLoop(() -> Offload.stream(() -> endless)).get(5, TimeUnit.SECONDS);

        // Nothing is read: the pump takes one window of events and then waits for room.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (endless.produced.get() < Offload.STREAM_WINDOW && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
        assertThat(endless.produced.get()).isEqualTo(Offload.STREAM_WINDOW);

        loop.execute(stream::close);
        assertThat(endless.closed.await(5, TimeUnit.SECONDS)).as("the waiting stream is closed").isTrue();
    }

    /** A waiting stream of {@code count} events. */
    private static final class CountingStream implements EventStream {
        final AtomicInteger produced = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        private final int count;
        private final java.util.function.IntFunction<StreamEvent> event;

        CountingStream(int count, java.util.function.IntFunction<StreamEvent> event) {
            this.count = count;
            this.event = event;
        }

        @Override
        public StreamEvent next() {
            int i = produced.get();
            if (i >= count) {
                return null;
            }
            produced.incrementAndGet();
            return event.apply(i);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
