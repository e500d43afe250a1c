package dev.gatehouse.core.chain;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingResponse;

import java.util.List;

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
}
