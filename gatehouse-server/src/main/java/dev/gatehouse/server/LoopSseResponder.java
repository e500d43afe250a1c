package dev.gatehouse.server;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.server.http.HttpExchange;
import dev.gatehouse.server.http.HttpFields;
import dev.gatehouse.server.http.ResponseStream;
import dev.gatehouse.server.openai.OpenAiWire;
import dev.gatehouse.server.openai.SseEncoder;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.StreamEvent;

import java.io.OutputStream;

/**
 * Writes a streamed completion as server-sent events on the event loop, without waiting: it takes events while the
 * stream has them at hand ({@link EventStream#whenReady}), writes each batch when no further event is at hand, and stops
 * while a slow client has a backlog, resuming when it drains. The first event is taken before anything is written, so a
 * stream that fails at once is answered as an ordinary error response; later failures become an error event and
 * {@code [DONE]}. The event stream is always closed, and closing the client's connection closes it (which releases the
 * provider's connection).
 */
final class LoopSseResponder {
    private final HttpExchange exchange;
    private final EventStream events;
    private final String deployment;
    private final ChatRequest request;
    private final String requestId;
    private final long createdSeconds;
    private final Runnable resume = this::pump;
    private SseEncoder encoder;
    private ResponseStream out;
    private OutputStream sink;
    private boolean finished;

    LoopSseResponder(HttpExchange exchange, EventStream events, String deployment, ChatRequest request,
                     String requestId, long createdSeconds) {
        this.exchange = exchange;
        this.events = events;
        this.deployment = deployment;
        this.request = request;
        this.requestId = requestId;
        this.createdSeconds = createdSeconds;
    }

    void start() {
        exchange.onClose(this::clientGone);
        pump();
    }

    private void pump() {
        try {
            while (!finished && events.whenReady(resume)) {
                if (!exchange.open()) {
                    clientGone();
                    return;
                }
                StreamEvent event = next();
                if (out == null && !begin(event)) {
                    return;
                }
                if (event == null) {
                    encoder.end();
                    complete();
                    return;
                }
                if (event instanceof StreamEvent.Failed failed) {
                    fail(failed.error());
                    complete();
                    return;
                }
                encoder.event(event);
                if (encoder.hasPending() && !events.hasBuffered() && !send()) {
                    out.onDrain(resume); // the client is slow: take no more events until it caught up
                    return;
                }
            }
        } catch (RuntimeException e) {
            // A bug: end the response where it stands.
            finished = true;
            events.close();
            if (out != null) {
                out.abort();
            } else {
                LoopApiHandler.sendError(exchange, ErrorMapping.map(Replies.unwrap(e), requestId), requestId);
            }
        }
    }

    /** Starts the response with the first event; false when that event is a failure, answered as an error. */
    private boolean begin(StreamEvent first) {
        if (first instanceof StreamEvent.Failed failed) {
            finished = true;
            events.close();
            LoopApiHandler.sendError(exchange, ErrorMapping.map(failed.error(), requestId), requestId);
            return false;
        }
        HttpFields headers = new HttpFields()
                .add(LoopHeaders.REQUEST_ID, requestId)
                .add(LoopHeaders.CONTENT_TYPE, LoopHeaders.EVENT_STREAM)
                .add(LoopHeaders.CACHE_CONTROL, "no-cache")
                .add(LoopHeaders.PROXY_BUFFERING, "no");
        LoopHeaders.deployment(headers, deployment);
        out = exchange.stream(200, headers);
        sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                out.write(bytes, offset, length);
            }
        };
        encoder = OpenAiWire.sseEncoder("chatcmpl-" + requestId, request.model(), createdSeconds,
                request.includeUsage());
        return true;
    }

    private StreamEvent next() {
        try {
            return events.next();
        } catch (GatewayException e) {
            return new StreamEvent.Failed(e);
        }
    }

    private void fail(GatewayException error) {
        ApiError e = ErrorMapping.map(error, requestId);
        encoder.failure(e.message(), e.type(), e.param(), e.code());
    }

    /** Hands the waiting frames to the connection; false when the client has a backlog. */
    private boolean send() {
        take();
        return out.flush();
    }

    /** Moves the waiting frames into the response, unsent. */
    private void take() {
        try {
            encoder.writeTo(sink);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the sink does not throw
        }
    }

    /** The last frames and the end of the response go out in one write. */
    private void complete() {
        finished = true;
        take();
        out.end();
        events.close();
    }

    private void clientGone() {
        if (!finished) {
            finished = true;
            events.close();
        }
    }
}
