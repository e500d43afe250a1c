package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gatehouse.spi.Usage;

/** Reads an OpenAI {@code usage} object. Counts are never negative, so a faulty provider cannot credit a budget. */
final class UsageReader {
    private UsageReader() {
    }

    /** The usage, or {@code null} when {@code node} is absent, {@code null} or not an object. */
    static Usage read(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        long prompt = Json.count(node, "prompt_tokens");
        long completion = Json.count(node, "completion_tokens");
        long total = node.hasNonNull("total_tokens") ? Json.count(node, "total_tokens") : prompt + completion;
        long cached = Json.count(details(node, "prompt_tokens_details"), "cached_tokens");
        long reasoning = Json.count(details(node, "completion_tokens_details"), "reasoning_tokens");
        return new Usage(prompt, completion, total, cached, 0, reasoning);
    }

    private static JsonNode details(JsonNode usage, String field) {
        JsonNode details = usage.get(field);
        return details != null && details.isObject() ? details : MissingNode.getInstance();
    }
}
