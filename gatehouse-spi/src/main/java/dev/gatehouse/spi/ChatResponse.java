package dev.gatehouse.spi;

import java.util.List;
import java.util.Objects;

/**
 * A complete (non-streamed) chat completion.
 *
 * @param created           seconds since the epoch
 * @param usage             token counts, or {@code null} when the provider reported none
 * @param systemFingerprint OpenAI {@code system_fingerprint}, or {@code null}
 * @param source            the provider's bytes this response was read from, when they can be relayed in place of a
 *                          re-encoding (see {@link ProviderBody}); {@code null} otherwise. A response built or changed
 *                          by the gateway has none, so what a client receives is always this response.
 */
public record ChatResponse(String id, String model, long created, List<Choice> choices, Usage usage,
                           String systemFingerprint, ProviderBody source) {
    public ChatResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        choices = List.copyOf(choices);
    }

    /** A response of the gateway's own making (no provider bytes to relay). */
    public ChatResponse(String id, String model, long created, List<Choice> choices, Usage usage,
                        String systemFingerprint) {
        this(id, model, created, choices, usage, systemFingerprint, null);
    }
}
