package dev.gatehouse.server;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.server.openai.OpenAiWire;
import dev.gatehouse.server.openai.SseEncoder;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.InternalGatewayException;
import dev.gatehouse.spi.StreamEvent;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streamed completion as server-sent events, flushed as soon as no further event is already at hand (events
 * that arrived from the upstream together are written together; none waits for data still to come). The first event is
 * pulled before anything is written, so a stream that fails at once is answered as an ordinary error response; later
 * failures become an error event and {@code [DONE]}. The event stream is always closed, which releases the upstream
 * connection when the client goes away.
 */
final class SseResponder {
    private SseResponder() {
    }

    static void stream(ServerResponse res, EventStream events, String deployment, ChatRequest request,
                       String requestId, long nowSeconds) {
        try (events) {
            StreamEvent event = next(events);
            if (event instanceof StreamEvent.Failed failed) {
                throw failed.error(); // nothing written yet: a plain error response
            }
            res.header(HeaderValues.CONTENT_TYPE_EVENT_STREAM);
            res.header(HttpHeaders.CACHE_NO_CACHE);
            res.header(HttpHeaders.NO_PROXY_BUFFERING);
            HttpHeaders.deployment(res, deployment);
            SseEncoder encoder = OpenAiWire.sseEncoder("chatcmpl-" + requestId, request.model(), nowSeconds,
                    request.includeUsage());
            OutputStream out = res.outputStream();
            while (true) {
                if (event == null) {
                    encoder.end();
                    break;
                }
                if (event instanceof StreamEvent.Failed failed) {
                    fail(encoder, failed.error(), requestId);
                    break;
                }
                encoder.event(event);
                if (encoder.hasPending() && !events.hasBuffered()) {
                    send(out, encoder);
                }
                try {
                    event = next(events);
                } catch (GatewayException e) {
                    fail(encoder, e, requestId);
                    break;
                }
            }
            send(out, encoder);
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                throw disconnected(e);
            }
        }
    }

    private static StreamEvent next(EventStream events) {
        try {
            return events.next();
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InternalGatewayException(e);
        }
    }

    private static void fail(SseEncoder encoder, GatewayException error, String requestId) {
        ApiError e = ErrorMapping.map(error, requestId);
        encoder.failure(e.message(), e.type(), e.param(), e.code());
    }

    private static void send(OutputStream out, SseEncoder encoder) {
        try {
            encoder.writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw disconnected(e);
        }
    }

    /** The client went away (or the socket broke): stop, and let the server drop the connection. */
    private static CloseConnectionException disconnected(Exception e) {
        return e instanceof CloseConnectionException c ? c
                : new CloseConnectionException("Client disconnected during a streamed response", e);
    }
}
