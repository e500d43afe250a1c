package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ResponseHandler} for tests of {@link LoopHttpTransport}: records what it is told and checks the contract on
 * the way (every callback on the loop, none inside send(), none after the end). Hooks let a test pause, resume,
 * cancel or send more from inside the callbacks.
 */
final class LoopRecorder implements ResponseHandler {
    final EventLoop loop;
    final CountDownLatch done = new CountDownLatch(1);
    final CountDownLatch headSeen = new CountDownLatch(1);
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    volatile int status;
    volatile Map<String, List<String>> headers;
    volatile long bodyLength = Long.MIN_VALUE;
    volatile ResponseControl control;
    volatile UpstreamException error;
    volatile RuntimeException thrown;
    volatile boolean ended;
    volatile int bodyCalls;
    volatile Consumer<LoopRecorder> onHead;
    volatile Consumer<LoopRecorder> onBody;
    volatile Runnable onEnd;
    volatile Runnable onFailure;
    private boolean sending;
    private boolean finished;

    LoopRecorder(EventLoop loop) {
        this.loop = loop;
    }

    /** Sends the request on the loop, recording into a new recorder; what send() throws is kept in {@link #thrown}. */
    static LoopRecorder send(EventLoop loop, LoopHttpTransport transport, UpstreamRequest request) {
        LoopRecorder recorder = new LoopRecorder(loop);
        loop.execute(() -> recorder.sendNow(transport, request));
        return recorder;
    }

    /** Sends on the loop's thread, now. */
    void sendNow(LoopHttpTransport transport, UpstreamRequest request) {
        sending = true;
        try {
            transport.send(loop, request, this);
        } catch (RuntimeException e) {
            thrown = e;
            finished = true;
            done.countDown();
        } finally {
            sending = false;
        }
    }

    /** Runs the task on the loop and waits for its result. */
    static <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until the loop has gone through a select after every event already received was due: a timer, then a
     * task queued from it (the loop polls its selector between the two).
     */
    static void settle(EventLoop loop) throws Exception {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(0, TimeUnit.MILLISECONDS, () -> loop.execute(() -> settled.complete(null))));
        settled.get(10, TimeUnit.SECONDS);
    }

    LoopRecorder await() throws InterruptedException {
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the exchange ended").isTrue();
        assertThat(violations).isEmpty();
        return this;
    }

    /** Waits for the end and checks it was a successful one. */
    LoopRecorder awaitEnd() throws InterruptedException {
        await();
        assertThat(error).as("failure").isNull();
        assertThat(thrown).as("thrown by send").isNull();
        assertThat(ended).isTrue();
        return this;
    }

    /** Waits for the end and returns the failure it must have been. */
    UpstreamException awaitFailure() throws InterruptedException {
        await();
        assertThat(ended).as("ended").isFalse();
        assertThat(error).as("failure").isNotNull();
        return error;
    }

    String text() {
        synchronized (body) {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    byte[] bytes() {
        synchronized (body) {
            return body.toByteArray();
        }
    }

    @Override
    public void head(int status, Map<String, List<String>> headers, long bodyLength, ResponseControl control) {
        check("head");
        this.status = status;
        this.headers = headers;
        this.bodyLength = bodyLength;
        this.control = control;
        headSeen.countDown();
        Consumer<LoopRecorder> hook = onHead;
        if (hook != null) {
            hook.accept(this);
        }
    }

    @Override
    public void body(byte[] bytes, int offset, int length) {
        check("body");
        if (length <= 0) {
            violations.add("empty body call");
        }
        synchronized (body) {
            body.write(bytes, offset, length);
        }
        bodyCalls++;
        Consumer<LoopRecorder> hook = onBody;
        if (hook != null) {
            hook.accept(this);
        }
    }

    @Override
    public void end() {
        check("end");
        finished = true;
        ended = true;
        Runnable hook = onEnd;
        if (hook != null) {
            hook.run();
        }
        done.countDown();
    }

    @Override
    public void failed(UpstreamException failure) {
        check("failed");
        finished = true;
        error = failure;
        Runnable hook = onFailure;
        if (hook != null) {
            hook.run();
        }
        done.countDown();
    }

    private void check(String callback) {
        if (!loop.inLoop()) {
            violations.add(callback + " off the loop");
        }
        if (sending) {
            violations.add(callback + " inside send()");
        }
        if (finished) {
            violations.add(callback + " after the end");
        }
    }
}
