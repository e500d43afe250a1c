package dev.gatehouse.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An embeddings request.
 *
 * @param texts          the inputs as text, or {@code null} when the client sent token arrays
 * @param tokenInput     the raw {@code input} when it was token ids ({@code [1,2]} or {@code [[1,2],[3]]}), else {@code null}
 * @param encodingFormat {@code float} or {@code base64}, or {@code null}
 */
public record EmbeddingRequest(String model, List<String> texts, RawJson tokenInput, String encodingFormat,
                               Integer dimensions, String user, Map<String, RawJson> extra) {
    public EmbeddingRequest {
        Objects.requireNonNull(model, "model");
        if ((texts == null) == (tokenInput == null)) {
            throw new IllegalArgumentException("exactly one of texts and tokenInput");
        }
        texts = texts == null ? null : List.copyOf(texts);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public EmbeddingRequest withModel(String newModel) {
        return new EmbeddingRequest(newModel, texts, tokenInput, encodingFormat, dimensions, user, extra);
    }

    /** How many inputs the request embeds. */
    public int inputCount() {
        return texts != null ? texts.size() : 1;
    }
}
