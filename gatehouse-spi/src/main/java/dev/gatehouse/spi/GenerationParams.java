package dev.gatehouse.spi;

import java.util.List;

/**
 * Sampling and output controls. Every field is optional ({@code null} = not given, so the provider default applies).
 *
 * @param maxTokens           OpenAI {@code max_tokens}
 * @param maxCompletionTokens OpenAI {@code max_completion_tokens}
 * @param reasoningEffort     {@code minimal|low|medium|high} for reasoning models
 */
public record GenerationParams(Double temperature, Double topP, Integer maxTokens, Integer maxCompletionTokens,
                               Integer n, List<String> stop, Long seed, Double presencePenalty,
                               Double frequencyPenalty, Boolean logprobs, Integer topLogprobs,
                               Boolean parallelToolCalls, String reasoningEffort, String user) {
    public static final GenerationParams NONE =
            new GenerationParams(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public GenerationParams {
        stop = stop == null ? null : List.copyOf(stop);
    }

    /** The output-token limit whichever way it was given, or {@code null}. */
    public Integer effectiveMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}
