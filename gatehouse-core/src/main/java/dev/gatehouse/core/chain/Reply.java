package dev.gatehouse.core.chain;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the gateway answers to an {@link Operation}. */
public sealed interface Reply {

    /** A complete chat completion; {@code deployment} names the deployment that served it. */
    record Chat(ChatResponse response, String deployment) implements Reply {
    }

    /** A streamed chat completion. */
    record Stream(EventStream events, String deployment) implements Reply {
    }

    /** Embeddings. */
    record Embeddings(EmbeddingResponse response, String deployment) implements Reply {
    }

    /** Model list. */
    record Models(List<ModelInfo> models) implements Reply {
    }

    /**
     * A reply still on its way. Made only on an event loop, where nothing may wait for a provider: it completes on the
     * loop with a reply that is not itself pending, or exceptionally (a {@link dev.gatehouse.spi.GatewayException}
     * for every expected failure). {@link Replies} has the helpers to make, settle and unwrap one.
     */
    record Pending(CompletableFuture<Reply> reply) implements Reply {
    }
}
