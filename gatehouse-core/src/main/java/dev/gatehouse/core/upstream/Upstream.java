package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;

/**
 * One deployment's way of answering: over HTTP through a provider codec, or in-process (the mock). Requests arrive with
 * the upstream model name already set. Failures are {@link dev.gatehouse.spi.GatewayException}s.
 */
public interface Upstream {

    ChatResponse chat(ChatRequest request);

    EventStream stream(ChatRequest request);

    EmbeddingResponse embed(EmbeddingRequest request);
}
