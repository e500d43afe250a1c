package dev.gatehouse.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.Embedding;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.ProviderBody;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode tree(byte[] bytes) throws Exception {
        return MAPPER.readTree(bytes);
    }

    @Test
    void aCompletionReadFromAnOpenAiBodyIsAnsweredWithThoseBytes() throws Exception {
        byte[] body = """
                {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"m","service_tier":"default",
                 "choices":[]}""".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ChatResponse read = new ChatResponse("chatcmpl-9", "m", 1, List.of(), null, null,
                new ProviderBody(ProviderBody.OPENAI, body));
        ChatResponse otherFormat = new ChatResponse("chatcmpl-9", "m", 1, List.of(), null, null,
                new ProviderBody("anthropic", body));

        assertThat(OpenAiWire.chatCompletion(read)).isSameAs(body);
        JsonNode encoded = tree(OpenAiWire.chatCompletion(otherFormat));
        assertThat(encoded.get("object").asText()).isEqualTo("chat.completion");
        assertThat(encoded.has("service_tier")).as("re-encoded from the canonical response").isFalse();
    }

    @Test
    void chatCompletion() throws Exception {
        Message text = new Message(Role.ASSISTANT, List.of(new dev.gatehouse.spi.ContentPart.Text("Hello")), null,
                List.of(), null, "thinking", null);
        Message calls = new Message(Role.ASSISTANT, List.of(), null,
                List.of(new ToolCall("call_1", "f", "{\"a\":1}")), null, null, null);
        ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-x", 1700000000L, List.of(
                new Choice(0, text, FinishReason.STOP, RawJson.of("{\"content\":[]}")),
                new Choice(1, calls, FinishReason.TOOL_CALLS, null)),
                new Usage(10, 5, 15, 4, 0, 2), "fp_1");

        JsonNode json = tree(OpenAiWire.chatCompletion(response));

        assertThat(json.get("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.get("created").asLong()).isEqualTo(1700000000L);
        assertThat(json.get("model").asText()).isEqualTo("gpt-x");
        assertThat(json.get("system_fingerprint").asText()).isEqualTo("fp_1");
        JsonNode first = json.get("choices").get(0);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("message").get("content").asText()).isEqualTo("Hello");
        assertThat(first.get("message").get("refusal").isNull()).isTrue();
        assertThat(first.get("message").get("reasoning_content").asText()).isEqualTo("thinking");
        assertThat(first.get("message").has("tool_calls")).isFalse();
        assertThat(first.get("logprobs").toString()).isEqualTo("{\"content\":[]}");
        assertThat(first.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode second = json.get("choices").get(1);
        assertThat(second.get("message").get("content").isNull()).isTrue();
        assertThat(second.get("logprobs").isNull()).isTrue();
        assertThat(second.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = second.get("message").get("tool_calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo("call_1");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("f");
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"a\":1}");
        JsonNode usage = json.get("usage");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(10);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(5);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(15);
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asLong()).isEqualTo(4);
        assertThat(usage.get("completion_tokens_details").get("reasoning_tokens").asLong()).isEqualTo(2);
    }

    @Test
    void chatCompletionWithoutUsageOrFingerprint() throws Exception {
        ChatResponse response = new ChatResponse("id", "m", 1, List.of(
                new Choice(0, Message.text(Role.ASSISTANT, "x"), null, null)), null, null);
        JsonNode json = tree(OpenAiWire.chatCompletion(response));
        assertThat(json.has("usage")).isFalse();
        assertThat(json.has("system_fingerprint")).isFalse();
        assertThat(json.get("choices").get(0).get("finish_reason").isNull()).isTrue();
    }

    @Test
    void embeddings() throws Exception {
        EmbeddingResponse response = new EmbeddingResponse("emb", List.of(
                new Embedding(0, new float[] {0.5f, -1f}, null), new Embedding(1, null, "AAAA")),
                new Usage(7, 0, 7, 0, 0, 0));
        JsonNode json = tree(OpenAiWire.embeddings(response));
        assertThat(json.get("object").asText()).isEqualTo("list");
        assertThat(json.get("model").asText()).isEqualTo("emb");
        assertThat(json.get("data").get(0).get("object").asText()).isEqualTo("embedding");
        assertThat(json.get("data").get(0).get("index").asInt()).isZero();
        assertThat(json.get("data").get(0).get("embedding").get(0).asDouble()).isEqualTo(0.5);
        assertThat(json.get("data").get(0).get("embedding").get(1).asDouble()).isEqualTo(-1.0);
        assertThat(json.get("data").get(1).get("embedding").asText()).isEqualTo("AAAA");
        assertThat(json.get("usage").get("prompt_tokens").asLong()).isEqualTo(7);
        assertThat(json.get("usage").get("total_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void models() throws Exception {
        JsonNode list = tree(OpenAiWire.modelList(List.of(new ModelInfo("a", 5, "gatehouse"))));
        assertThat(list.get("object").asText()).isEqualTo("list");
        JsonNode model = list.get("data").get(0);
        assertThat(model.get("id").asText()).isEqualTo("a");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("created").asLong()).isEqualTo(5);
        assertThat(model.get("owned_by").asText()).isEqualTo("gatehouse");
        assertThat(tree(OpenAiWire.model(new ModelInfo("b", 6, "o"))).get("id").asText()).isEqualTo("b");
    }

    @Test
    void error() throws Exception {
        JsonNode json = tree(OpenAiWire.error("bad \"thing\"", "invalid_request_error", null, "c"));
        assertThat(json.get("error").get("message").asText()).isEqualTo("bad \"thing\"");
        assertThat(json.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json.get("error").get("param").isNull()).isTrue();
        assertThat(json.get("error").get("code").asText()).isEqualTo("c");
    }
}
