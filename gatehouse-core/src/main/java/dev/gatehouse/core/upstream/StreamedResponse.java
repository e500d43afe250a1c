package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A streamed provider response on the event loop: a 2xx head hands out a {@link QueuedEventStream} that the codec's
 * decoder fills as body bytes arrive; any other status is read whole and failed as the error it stands for. While
 * more than {@link #HIGH_WATER} events wait for a slow client, the provider's socket is not read; reading resumes
 * below {@link #LOW_WATER}.
 */
final class StreamedResponse implements ResponseHandler, QueuedEventStream.Source {
    static final int HIGH_WATER = 64;
    static final int LOW_WATER = 16;

    private final CompletableFuture<EventStream> result = new CompletableFuture<>();
    private final EventLoop loop;
    private final ProviderCodec codec;
    private final StreamDecoder decoder;
    private BufferedResponse<EventStream> error;
    private QueuedEventStream events;
    private ResponseControl control;
    private boolean paused;
    private boolean done;

    StreamedResponse(EventLoop loop, ProviderCodec codec) {
        this.loop = loop;
        this.codec = codec;
        this.decoder = codec.newStreamDecoder();
    }

    CompletableFuture<EventStream> result() {
        return result;
    }

    @Override
    public void head(int status, Map<String, List<String>> headers, long bodyLength, ResponseControl control) {
        this.control = control;
        if (status < 200 || status >= 300) {
            error = new BufferedResponse<>(codec, body -> {
                throw new IllegalStateException("not an error status");
            });
            error.head(status, headers, bodyLength, control);
            error.result().whenComplete((ignored, failure) -> result.completeExceptionally(failure));
            return;
        }
        events = new QueuedEventStream(loop);
        events.source(this);
        result.complete(events);
    }

    @Override
    public void body(byte[] bytes, int offset, int length) {
        if (error != null) {
            error.body(bytes, offset, length);
            return;
        }
        if (done) {
            return;
        }
        List<StreamEvent> decoded;
        try {
            decoded = decoder.feed(bytes, offset, length);
        } catch (RuntimeException e) {
            fail(Replies.unwrap(e));
            return;
        }
        events.addAll(decoded);
        if (!paused && events.queued() > HIGH_WATER) {
            paused = true;
            control.pause();
        }
    }

    @Override
    public void end() {
        if (error != null) {
            error.end();
            return;
        }
        if (done) {
            return;
        }
        done = true;
        try {
            events.addAll(decoder.finish());
        } catch (RuntimeException e) {
            events.add(new StreamEvent.Failed(Replies.unwrap(e)));
        }
        events.finish();
    }

    @Override
    public void failed(UpstreamException failure) {
        if (error != null) {
            error.failed(failure);
        } else if (events == null) {
            result.completeExceptionally(failure);
        } else if (!done) {
            // As the waiting transport reports a body that stops mid-way.
            fail(new UpstreamException(UpstreamException.UNREACHABLE, "The provider's stream broke off.", null, null,
                    "stream_interrupted", null, failure));
        }
    }

    @Override
    public void taken(int queued) {
        if (paused && queued < LOW_WATER) {
            paused = false;
            control.resume();
        }
    }

    @Override
    public void cancel() {
        done = true;
        if (control != null) {
            control.cancel();
        }
    }

    private void fail(GatewayException e) {
        events.add(new StreamEvent.Failed(e));
        events.finish();
        done = true;
    }
}
