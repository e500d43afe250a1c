package dev.gatehouse.spi;

import java.util.Objects;

/**
 * What a streamed completion is made of, provider-neutral. A well-formed stream is one {@link Started}, then deltas,
 * {@link Finished} per choice and optionally {@link UsageReported}, in provider order; or it ends in {@link Failed}.
 */
public sealed interface StreamEvent {

    /** The stream began. {@code created} is seconds since the epoch. */
    record Started(String id, String model, long created, String systemFingerprint) implements StreamEvent {
        public Started {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(model, "model");
        }
    }

    /** Visible text for one choice; {@code logprobs} is the provider's logprobs object for this delta, or {@code null}. */
    record TextDelta(int choice, String text, RawJson logprobs) implements StreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Reasoning ("thinking") text for one choice. */
    record ReasoningDelta(int choice, String text) implements StreamEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A piece of the model's refusal for one choice (OpenAI's {@code delta.refusal}, with structured outputs). */
    record RefusalDelta(int choice, String text) implements StreamEvent {
        public RefusalDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A piece of a tool call. The first delta of a call carries {@code id} and {@code name}; later ones carry only
     * argument fragments. {@code index} identifies the call within the choice.
     */
    record ToolCallDelta(int choice, int index, String id, String name, String argumentsFragment)
            implements StreamEvent {
    }

    /** Token counts for the whole completion. */
    record UsageReported(Usage usage) implements StreamEvent {
        public UsageReported {
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** One choice is complete. */
    record Finished(int choice, FinishReason reason) implements StreamEvent {
    }

    /** The stream broke; nothing follows. */
    record Failed(GatewayException error) implements StreamEvent {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
