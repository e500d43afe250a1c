package dev.gatehouse.core.chain;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;

/** What the client asked the gateway to do. */
public sealed interface Operation {

    /** The public model name the operation targets, or {@code null} when it targets none. */
    String model();

    /** A chat completion, streamed when {@code request.stream()}. */
    record Chat(ChatRequest request) implements Operation {
        @Override
        public String model() {
            return request.model();
        }
    }

    /** Embeddings. */
    record Embeddings(EmbeddingRequest request) implements Operation {
        @Override
        public String model() {
            return request.model();
        }
    }

    /** The list of models the caller may use. */
    record ListModels() implements Operation {
        @Override
        public String model() {
            return null;
        }
    }
}
