package dev.gatehouse.server;

import dev.gatehouse.server.openai.OpenAiWire;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the errors Helidon raises itself, outside routing (malformed HTTP, a {@code Content-Length} over the limit,
 * failures before a handler ran), with the same JSON error body and {@code x-request-id} as every other error —
 * never Helidon's plain-text or HTML default, never the exception's message.
 */
final class JsonDirectHandler implements DirectHandler {
    private final long maxRequestBytes;

    JsonDirectHandler(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, Throwable thrown) {
        return handle(request, eventType, defaultStatus, responseHeaders, (String) null);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, String message) {
        String requestId = RequestIds.accept(request.headers().value(HttpHeaders.REQUEST_ID).orElse(null));
        ApiError error = RejectedRequests.error(status.code(), maxRequestBytes, requestId);
        byte[] body = OpenAiWire.error(error.message(), error.type(), error.param(), error.code());
        responseHeaders.set(HeaderValues.CONTENT_TYPE_JSON);
        responseHeaders.set(HttpHeaders.REQUEST_ID, requestId);
        return TransportResponse.builder()
                .status(Status.create(error.status()))
                .headers(responseHeaders)
                .keepAlive(eventType.keepAlive())
                .entity(body)
                .build();
    }
}
