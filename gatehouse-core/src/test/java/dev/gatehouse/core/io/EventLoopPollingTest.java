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
    /**
     * Far longer than any gap below, so every short spell counts as short on a slow machine too, and the window it
     * opens (a quarter of this) far longer than a test waits: what a poll misses waits that long.
     */
    private static final long LIMIT = TimeUnit.SECONDS.toNanos(20);

    @Test
    void shortGapsOpenTheWindowAndATaskFromElsewhereStillRunsWhileTheLoopPolls() throws Exception {
        try (EventLoop loop = EventLoop.start("poll-loop", LIMIT)) {
            shortGaps(loop);
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
            shortGaps(loop);
            assertThat(window(loop)).isPositive();
            pipe.sink().write(ByteBuffer.wrap("ping".getBytes()));
            assertThat(read.get(1, TimeUnit.SECONDS)).isEqualTo("ping@true");
        }
    }

    @Test
    void anIdleLoopStopsPolling() throws Exception {
        long limit = TimeUnit.MILLISECONDS.toNanos(50);
        try (EventLoop loop = EventLoop.start("poll-loop", limit)) {
            shortGaps(loop);
            assertThat(window(loop)).as("open after gaps of a millisecond").isPositive();
            long window = -1;
            for (int i = 0; i < 3; i++) { // spells of 80 ms, each past the limit, each ended by a question
                Thread.sleep(80);
                window = window(loop);
            }
            assertThat(window).isZero();
        }
    }

    @Test
    void closingAPollingLoopStopsItAtOnce() throws Exception {
        EventLoop loop = EventLoop.start("poll-loop", LIMIT);
        shortGaps(loop);
        assertThat(window(loop)).isPositive();
        long start = System.nanoTime();
        loop.close();
        // close() waits up to 5 s for the loop to end; a poll that ignored it would run out its 5 s window first.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms to close").isLessThan(4_000);
    }

    @Test
    void aLoopWithoutALimitNeverPolls() throws Exception {
        try (EventLoop loop = EventLoop.start("sleep-loop")) {
            shortGaps(loop);
            assertThat(window(loop)).isZero();
        }
    }

    /**
     * Idle spells of about a millisecond, each ended by a task. The pause matters: a thread that hands the loop its
     * next task the moment the last one finished finds the loop still running tasks, and the loop never idles.
     */
    private static void shortGaps(EventLoop loop) throws Exception {
        for (int i = 0; i < 8; i++) {
            Thread.sleep(1);
            runOn(loop);
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
