package dev.gatehouse.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The frames written so far; each must be {@code data: …\n\n}. */
    static List<String> frames(SseEncoder encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encoder.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> frames = new ArrayList<>();
        for (String frame : text.split("\n\n", -1)) {
            if (!frame.isEmpty()) {
                assertThat(frame).startsWith("data: ");
                frames.add(frame.substring("data: ".length()));
            }
        }
        assertThat(text).endsWith("\n\n");
        return frames;
    }

    static JsonNode json(String frame) {
        try {
            return MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void textStreamWithUsage() {
        SseEncoder encoder = OpenAiWire.sseEncoder("fallback", "public-model", 1, true);
        encoder.event(new StreamEvent.Started("chatcmpl-9", "gpt-x", 1700000000L, "fp_9"));
        List<String> first = frames(encoder);
        assertThat(first).hasSize(1); // the role chunk goes out at once, before any text
        JsonNode role = json(first.getFirst());
        assertThat(role.get("id").asText()).isEqualTo("chatcmpl-9");
        assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(role.get("created").asLong()).isEqualTo(1700000000L);
        assertThat(role.get("model").asText()).isEqualTo("gpt-x");
        assertThat(role.get("system_fingerprint").asText()).isEqualTo("fp_9");
        JsonNode choice = role.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("delta").get("content").asText()).isEmpty();
        assertThat(choice.get("finish_reason").isNull()).isTrue();
        assertThat(choice.get("logprobs").isNull()).isTrue();

        encoder.event(new StreamEvent.TextDelta(0, "Hel", null));
        encoder.event(new StreamEvent.TextDelta(0, "lo", null));
        encoder.event(new StreamEvent.ReasoningDelta(0, "hmm"));
        encoder.event(new StreamEvent.UsageReported(new Usage(3, 2, 5, 1, 0, 1)));
        encoder.event(new StreamEvent.Finished(0, FinishReason.STOP));
        encoder.end();
        List<String> rest = frames(encoder);
        assertThat(rest).hasSize(6);
        assertThat(json(rest.get(0)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("Hel");
        assertThat(json(rest.get(0)).get("choices").get(0).get("delta").has("role")).isFalse();
        assertThat(json(rest.get(1)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("lo");
        assertThat(json(rest.get(2)).get("choices").get(0).get("delta").get("reasoning_content").asText())
                .isEqualTo("hmm");
        JsonNode finish = json(rest.get(3)).get("choices").get(0);
        assertThat(finish.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.get("delta").size()).isZero();
        JsonNode usage = json(rest.get(4));
        assertThat(usage.get("choices").size()).isZero();
        assertThat(usage.get("id").asText()).isEqualTo("chatcmpl-9");
        assertThat(usage.get("usage").get("prompt_tokens").asLong()).isEqualTo(3);
        assertThat(usage.get("usage").get("completion_tokens").asLong()).isEqualTo(2);
        assertThat(usage.get("usage").get("total_tokens").asLong()).isEqualTo(5);
        assertThat(usage.get("usage").get("prompt_tokens_details").get("cached_tokens").asLong()).isEqualTo(1);
        assertThat(rest.get(5)).isEqualTo("[DONE]");
        assertThat(encoder.hasPending()).isFalse();
    }

    @Test
    void aRefusalIsSentAsDeltaRefusalAfterTheRoleChunkOfItsChoice() {
        SseEncoder encoder = OpenAiWire.sseEncoder("id", "m", 1, false);
        encoder.event(new StreamEvent.Started("chatcmpl-r", "gpt-x", 5, null));
        encoder.event(new StreamEvent.RefusalDelta(0, "I'm sorry"));
        encoder.event(new StreamEvent.RefusalDelta(1, "No"));
        List<String> frames = frames(encoder);

        assertThat(frames).hasSize(4);
        JsonNode refusal = json(frames.get(1)).get("choices").get(0);
        assertThat(refusal.get("index").asInt()).isZero();
        assertThat(refusal.get("delta").get("refusal").asText()).isEqualTo("I'm sorry");
        assertThat(refusal.get("delta").has("content")).isFalse();
        JsonNode role = json(frames.get(2)).get("choices").get(0);
        assertThat(role.get("index").asInt()).isEqualTo(1);
        assertThat(role.get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(json(frames.get(3)).get("choices").get(0).get("delta").get("refusal").asText()).isEqualTo("No");
    }

    @Test
    void usageIsNotSentUnlessAskedFor() {
        SseEncoder encoder = OpenAiWire.sseEncoder("id", "m", 1, false);
        encoder.event(new StreamEvent.Started("id", "m", 1, null));
        encoder.event(new StreamEvent.UsageReported(Usage.of(1, 1)));
        encoder.event(new StreamEvent.Finished(0, FinishReason.LENGTH));
        encoder.end();
        List<String> frames = frames(encoder);
        assertThat(frames).hasSize(3);
        assertThat(json(frames.get(0)).has("system_fingerprint")).isFalse();
        assertThat(json(frames.get(1)).get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(frames.get(2)).isEqualTo("[DONE]");
        assertThat(String.join("", frames)).doesNotContain("usage");
    }

    @Test
    void toolCallDeltasCarryIndexAndIdentityOnTheFirst() {
        SseEncoder encoder = OpenAiWire.sseEncoder("id", "m", 1, false);
        encoder.event(new StreamEvent.Started("id", "m", 1, null));
        encoder.event(new StreamEvent.ToolCallDelta(0, 0, "call_a", "get_weather", ""));
        encoder.event(new StreamEvent.ToolCallDelta(0, 0, null, null, "{\"city\":"));
        encoder.event(new StreamEvent.ToolCallDelta(0, 1, "call_b", "get_time", "{}"));
        encoder.event(new StreamEvent.Finished(0, FinishReason.TOOL_CALLS));
        encoder.end();
        List<String> frames = frames(encoder);
        assertThat(frames).hasSize(6);
        JsonNode first = json(frames.get(1)).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("id").asText()).isEqualTo("call_a");
        assertThat(first.get("type").asText()).isEqualTo("function");
        assertThat(first.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(first.get("function").get("arguments").asText()).isEmpty();
        JsonNode fragment = json(frames.get(2)).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertThat(fragment.get("index").asInt()).isZero();
        assertThat(fragment.has("id")).isFalse();
        assertThat(fragment.has("type")).isFalse();
        assertThat(fragment.get("function").has("name")).isFalse();
        assertThat(fragment.get("function").get("arguments").asText()).isEqualTo("{\"city\":");
        JsonNode second = json(frames.get(3)).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertThat(second.get("index").asInt()).isEqualTo(1);
        assertThat(second.get("id").asText()).isEqualTo("call_b");
        assertThat(json(frames.get(4)).get("choices").get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void everyChoiceGetsItsOwnRoleChunk() {
        SseEncoder encoder = OpenAiWire.sseEncoder("id", "m", 1, false);
        encoder.event(new StreamEvent.Started("id", "m", 1, null));
        encoder.event(new StreamEvent.TextDelta(1, "b", null));
        encoder.event(new StreamEvent.TextDelta(0, "a", null));
        encoder.event(new StreamEvent.TextDelta(1, "c", null));
        List<String> frames = frames(encoder);
        assertThat(frames).hasSize(5);
        assertThat(json(frames.get(0)).get("choices").get(0).get("index").asInt()).isZero();
        JsonNode roleForOne = json(frames.get(1)).get("choices").get(0);
        assertThat(roleForOne.get("index").asInt()).isEqualTo(1);
        assertThat(roleForOne.get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(json(frames.get(2)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("b");
        assertThat(json(frames.get(3)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("a");
        assertThat(json(frames.get(4)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("c");
    }

    @Test
    void withoutStartedTheFallbacksDescribeTheStream() {
        SseEncoder encoder = OpenAiWire.sseEncoder("chatcmpl-req", "public", 42, false);
        encoder.event(new StreamEvent.TextDelta(0, "x", null));
        List<String> frames = frames(encoder);
        assertThat(frames).hasSize(2);
        JsonNode role = json(frames.getFirst());
        assertThat(role.get("id").asText()).isEqualTo("chatcmpl-req");
        assertThat(role.get("model").asText()).isEqualTo("public");
        assertThat(role.get("created").asLong()).isEqualTo(42);
    }

    @Test
    void failureIsAnErrorEventThenDone() {
        SseEncoder encoder = OpenAiWire.sseEncoder("id", "m", 1, true);
        encoder.event(new StreamEvent.Started("id", "m", 1, null));
        encoder.event(new StreamEvent.TextDelta(0, "par", null));
        frames(encoder);
        encoder.failure("The provider's stream broke off.", "api_error", null, "upstream_error");
        List<String> frames = frames(encoder);
        assertThat(frames).hasSize(2);
        JsonNode error = json(frames.get(0)).get("error");
        assertThat(error.get("message").asText()).isEqualTo("The provider's stream broke off.");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").asText()).isEqualTo("upstream_error");
        assertThat(frames.get(1)).isEqualTo("[DONE]");
    }

    @Test
    void failedEventsAreTheCallersToMap() {
        SseEncoder encoder = OpenAiWire.sseEncoder("id", "m", 1, false);
        assertThatThrownBy(() -> encoder.event(new StreamEvent.Failed(
                new dev.gatehouse.spi.UpstreamException(500, "x", null))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
