package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;

import java.util.concurrent.CompletableFuture;

/**
 * One deployment's way of answering: over HTTP through a provider codec, or in-process (the mock). Requests arrive with
 * the upstream model name already set. Failures are {@link dev.gatehouse.spi.GatewayException}s.
 *
 * <p>The plain methods wait for the answer, for callers on their own (virtual) threads. The {@code Async} ones are for
 * callers on an event loop: they return at once and complete on the caller's loop; a stream they give is read with
 * {@link EventStream#whenReady}. By default they run the waiting method on a virtual thread ({@link Offload}); an
 * upstream that can answer without waiting overrides them.
 */
public interface Upstream {

    ChatResponse chat(ChatRequest request);

    EventStream stream(ChatRequest request);

    EmbeddingResponse embed(EmbeddingRequest request);

    default CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        return Offload.call(() -> chat(request));
    }

    default CompletableFuture<EventStream> streamAsync(ChatRequest request) {
        return Offload.stream(() -> stream(request));
    }

    default CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        return Offload.call(() -> embed(request));
    }
}
