package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuedEventStreamTest {
    private final EventLoop loop = EventLoop.start("test-loop");
    private final List<String> source = new ArrayList<>();

    @AfterEach
    void stop() {
        loop.close();
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | AssertionError e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    private QueuedEventStream stream() {
        QueuedEventStream stream = new QueuedEventStream(loop);
        stream.source(new QueuedEventStream.Source() {
            @Override
            public void taken(int queued) {
                source.add("taken:" + queued);
            }

            @Override
            public void cancel() {
                source.add("cancel");
            }
        });
        return stream;
    }

    private static StreamEvent text(String s) {
        return new StreamEvent.TextDelta(0, s, null);
    }

    @Test
    void aReaderIsCalledBackOnTheLoopWhenEventsArriveAndTakesThemInOrder() throws Exception {
        QueuedEventStream stream = onLoop(this::stream);
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        assertThat(onLoop(() -> stream.whenReady(() -> ready.complete(loop.inLoop())))).isFalse();
        assertThatThrownBy(() -> onLoop(stream::next)).hasRootCauseInstanceOf(IllegalStateException.class);

        onLoop(() -> {
            stream.addAll(List.of(text("a"), text("b")));
            return null;
        });
        assertThat(ready.get(5, TimeUnit.SECONDS)).as("called back on the loop").isTrue();
        assertThat(onLoop(() -> List.of(stream.next(), stream.next()))).containsExactly(text("a"), text("b"));
        assertThat(source).containsExactly("taken:1", "taken:0");

        onLoop(() -> {
            stream.finish();
            return null;
        });
        assertThat(onLoop(() -> stream.whenReady(() -> { }))).isTrue();
        assertThat(onLoop(stream::next)).isNull();
        assertThat(source).doesNotContain("cancel");
    }

    @Test
    void aFailureEndsTheStreamAndCancelsTheSource() throws Exception {
        QueuedEventStream stream = onLoop(this::stream);
        StreamEvent.Failed failed = new StreamEvent.Failed(new UpstreamException(502, "bad", "bad_upstream_response"));
        List<StreamEvent> read = onLoop(() -> {
            stream.addAll(List.of(text("a"), failed, text("never")));
            List<StreamEvent> out = new ArrayList<>();
            out.add(stream.next());
            out.add(stream.next());
            out.add(stream.next());
            return out;
        });
        assertThat(read).containsExactly(text("a"), failed, null);
        assertThat(source).containsExactly("taken:2", "cancel");
    }

    @Test
    void closingEarlyCancelsTheSourceOnceAndDropsWhatArrivesAfter() throws Exception {
        QueuedEventStream stream = onLoop(this::stream);
        onLoop(() -> {
            stream.add(text("a"));
            stream.close();
            stream.close();
            stream.add(text("late"));
            return null;
        });
        assertThat(source).containsExactly("cancel");
        assertThat(onLoop(stream::next)).isNull();
    }
}
