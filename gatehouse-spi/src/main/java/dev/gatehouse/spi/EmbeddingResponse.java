package dev.gatehouse.spi;

import java.util.List;
import java.util.Objects;

/** The vectors for an {@link EmbeddingRequest}, in input order. {@code usage} may be {@code null}. */
public record EmbeddingResponse(String model, List<Embedding> data, Usage usage) {
    public EmbeddingResponse {
        Objects.requireNonNull(model, "model");
        data = List.copyOf(data);
    }
}
