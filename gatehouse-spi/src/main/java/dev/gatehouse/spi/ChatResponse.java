package dev.gatehouse.spi;

import java.util.List;
import java.util.Objects;

/**
 * A complete (non-streamed) chat completion.
 *
 * @param created           seconds since the epoch
 * @param usage             token counts, or {@code null} when the provider reported none
 * @param systemFingerprint OpenAI {@code system_fingerprint}, or {@code null}
 */
public record ChatResponse(String id, String model, long created, List<Choice> choices, Usage usage,
                           String systemFingerprint) {
    public ChatResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        choices = List.copyOf(choices);
    }
}
