package dev.gatehouse.spi;

/**
 * Token counts, normalised across providers.
 *
 * @param cachedTokens     prompt tokens served from the provider's cache (part of {@code promptTokens})
 * @param cacheWriteTokens prompt tokens written to the provider's cache (part of {@code promptTokens})
 * @param reasoningTokens  completion tokens spent on reasoning (part of {@code completionTokens})
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens,
                    long cacheWriteTokens, long reasoningTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0);

    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, 0, 0, 0);
    }
}
