package dev.gatehouse.spi;

import java.util.Objects;

/**
 * One alternative of a {@link ChatResponse}.
 *
 * @param logprobs the provider's logprobs object, passed through, or {@code null}
 */
public record Choice(int index, Message message, FinishReason finishReason, RawJson logprobs) {
    public Choice {
        Objects.requireNonNull(message, "message");
    }
}
