package dev.gatehouse.core.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopTest {

    @Test
    void tasksFromOtherThreadsRunOnTheLoopInOrder() throws Exception {
        try (EventLoop loop = EventLoop.start("test-loop")) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                loop.execute(() -> {
                    assertThat(loop.inLoop()).isTrue();
                    assertThat(EventLoop.current()).isSameAs(loop);
                    seen.add(n);
                    done.countDown();
                });
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).isSorted().hasSize(1000);
            assertThat(EventLoop.current()).isNull();
        }
    }

    @Test
    void readyChannelRunsItsHandlerOnTheLoop() throws Exception {
        try (EventLoop loop = EventLoop.start("test-loop")) {
            Pipe pipe = Pipe.open();
            CompletableFuture<String> read = PipeReads.readOnce(loop, pipe);
            pipe.sink().write(ByteBuffer.wrap("ping".getBytes()));
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("ping@true");
        }
    }

    @Test
    void timersRunInDeadlineOrderAndCancelledOnesNever() throws Exception {
        try (EventLoop loop = EventLoop.start("test-loop")) {
            List<String> fired = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(() -> {
                loop.schedule(30, TimeUnit.MILLISECONDS, () -> fired.add("late"));
                loop.schedule(10, TimeUnit.MILLISECONDS, () -> fired.add("early"));
                loop.schedule(20, TimeUnit.MILLISECONDS, () -> fired.add("cancelled")).cancel();
                loop.schedule(40, TimeUnit.MILLISECONDS, done::countDown);
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(fired).containsExactly("early", "late");
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        try (EventLoop loop = EventLoop.start("test-loop")) {
            CountDownLatch after = new CountDownLatch(1);
            loop.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            loop.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void registeringOffTheLoopIsRefused() throws Exception {
        try (EventLoop loop = EventLoop.start("test-loop")) {
            Pipe pipe = Pipe.open();
            assertThatThrownBy(() -> loop.register(pipe.source(), SelectionKey.OP_READ, key -> { }))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void groupSpreadsInTurn() {
        try (EventLoopGroup group = new EventLoopGroup(2, "test-group")) {
            EventLoop first = group.next();
            EventLoop second = group.next();
            assertThat(first).isNotSameAs(second);
            assertThat(group.next()).isSameAs(first);
        }
    }
}
