package dev.gatehouse.core.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A loop that polls before it sleeps still sees every task and socket, and stops polling when it is idle. */
class EventLoopPollingTest {
    /** Far longer than any gap below, so every short spell counts as short on a slow machine too. */
    private static final long LIMIT = TimeUnit.SECONDS.toNanos(2);

    @Test
    void shortGapsOpenTheWindowAndATaskFromElsewhereStillRunsWhileTheLoopPolls() throws Exception {
        try (EventLoop loop = EventLoop.start("poll-loop", LIMIT)) {
            for (int i = 0; i < 8; i++) { // each round trip ends an idle spell far shorter than the limit
                runOn(loop);
            }
            assertThat(window(loop)).as("window after short gaps").isPositive();
            // The loop is polling now (not asleep), so execute() sends no wake-up: the poll itself must see the task.
            CountDownLatch ran = new CountDownLatch(1);
            loop.execute(ran::countDown);
            assertThat(ran.await(1, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aSocketThatBecomesReadyWhileTheLoopPollsIsServed() throws Exception {
        try (EventLoop loop = EventLoop.start("poll-loop", LIMIT)) {
            Pipe pipe = Pipe.open();
            CompletableFuture<String> read = PipeReads.readOnce(loop, pipe); // registered by the first task
            for (int i = 0; i < 8; i++) {
                runOn(loop);
            }
            assertThat(window(loop)).isPositive();
            pipe.sink().write(ByteBuffer.wrap("ping".getBytes()));
            assertThat(read.get(1, TimeUnit.SECONDS)).isEqualTo("ping@true");
        }
    }

    @Test
    void anIdleLoopStopsPolling() throws Exception {
        long limit = TimeUnit.MICROSECONDS.toNanos(100);
        try (EventLoop loop = EventLoop.start("poll-loop", limit)) {
            for (int i = 0; i < 8; i++) {
                runOn(loop);
            }
            long window = -1;
            for (int i = 0; i < 4; i++) { // spells of 20 ms, each far past the limit, each ended by a question
                Thread.sleep(20);
                window = window(loop);
            }
            assertThat(window).isZero();
        }
    }

    @Test
    void aLoopWithoutALimitNeverPolls() throws Exception {
        try (EventLoop loop = EventLoop.start("sleep-loop")) {
            for (int i = 0; i < 8; i++) {
                runOn(loop);
            }
            assertThat(window(loop)).isZero();
        }
    }

    private static void runOn(EventLoop loop) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static long window(EventLoop loop) throws Exception {
        CompletableFuture<Long> window = new CompletableFuture<>();
        loop.execute(() -> window.complete(loop.pollWindowNanos()));
        return window.get(5, TimeUnit.SECONDS);
    }
}
