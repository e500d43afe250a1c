package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.GenerationParams;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.JsonString;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.Secret;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.ToolDefinition;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiChatEncodeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-proj-Zq8vN3xW5tY7uI9oP1aS3dF5gH7jK9lQ";
    static final UpstreamTarget TARGET = new UpstreamTarget(URI.create("https://api.openai.com/v1"),
            "gpt-4o-2024-08-06", Secret.of(KEY), Map.of(), Map.of());

    private final OpenAiCodec codec = new OpenAiCodec();

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode body(UpstreamRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new AssertionError("body is not JSON", e);
        }
    }

    static ChatRequest request(List<Message> messages, GenerationParams params, boolean stream) {
        return new ChatRequest("my-alias", messages, params, List.of(), null, null, stream, false, Map.of());
    }

    static void assertNoNulls(JsonNode node) {
        assertThat(node.isNull()).as("null written in the request").isFalse();
        node.forEach(OpenAiChatEncodeTest::assertNoNulls);
    }

    @Test
    void minimalRequest() {
        UpstreamRequest request = codec.encodeChat(
                request(List.of(Message.text(Role.USER, "Hi")), GenerationParams.NONE, false), TARGET);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
        assertThat(request.streaming()).isFalse();
        assertThat(request.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Authorization", "Bearer " + KEY, "Content-Type", "application/json"));
        assertThat(body(request)).isEqualTo(tree("""
                {"model":"gpt-4o-2024-08-06","messages":[{"role":"user","content":"Hi"}]}"""));
    }

    @Test
    void aTextWithTheClientsSpellingIsWrittenAsSpelled() {
        String spelled = "caf\\u00e9 \\/ \\\"quoted\\\"\\n".repeat(40);
        String decoded = "caf\u00e9 / \"quoted\"\n".repeat(40);
        byte[] bytes = spelled.getBytes(StandardCharsets.UTF_8);
        ContentPart.Text text = ContentPart.Text.spelled(JsonString.of(bytes, 0, bytes.length));
        ChatRequest chat = request(List.of(
                new Message(Role.SYSTEM, List.of(text), null, null, null, null, null),
                new Message(Role.USER, List.of(text, new ContentPart.Image("https://example.com/a.png", null)),
                        null, null, null, null, null),
                new Message(Role.TOOL, List.of(text, text), null, null, "call_1", null, null),
                Message.text(Role.USER, decoded)), GenerationParams.NONE, false);

        byte[] written = codec.encodeChat(chat, TARGET).body();
        String raw = new String(written, StandardCharsets.UTF_8);

        assertThat(raw).contains("\"content\":\"" + spelled + "\"", "\"text\":\"" + spelled + "\"");
        JsonNode body = tree(raw);
        assertThat(body.at("/messages/0/content").asText()).isEqualTo(decoded);
        assertThat(body.at("/messages/1/content/0/text").asText()).isEqualTo(decoded);
        assertThat(body.at("/messages/2/content").asText()).as("joined parts are encoded").isEqualTo(decoded + decoded);
        assertThat(body.at("/messages/3/content").asText()).as("a text without a spelling is encoded")
                .isEqualTo(decoded);
        assertThat(raw.split(java.util.regex.Pattern.quote(spelled), -1)).as("spelling copied twice, no more")
                .hasSize(3);
    }

    @Test
    void everyFieldHasItsOpenAiName() {
        GenerationParams params = new GenerationParams(0.2, 0.9, 256, 512, 2, List.of("\n\n", "END"), 42L, 0.5,
                -0.5, true, 3, false, "low", "user-1234");
        ChatRequest chat = new ChatRequest("my-alias", List.of(
                Message.text(Role.SYSTEM, "You are terse."),
                Message.text(Role.DEVELOPER, "Answer in French."),
                new Message(Role.USER, List.of(
                        new ContentPart.Text("What is in this image and this clip?"),
                        new ContentPart.Image("https://example.com/cat.png", "high"),
                        new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", null),
                        new ContentPart.Audio("UklGRiQAAABXQVZF", "wav"),
                        new ContentPart.Other("file", RawJson.of("""
                                {"type":"file","file":{"file_id":"file-6F2ksmvXxt4VdoqmHRw6kL"}}"""))),
                        "alice", null, null, null, null),
                new Message(Role.ASSISTANT, List.of(), null, List.of(
                        new ToolCall("call_abc", "get_weather", "{\"location\":\"Paris\"}")), null, null, null),
                new Message(Role.TOOL, List.of(new ContentPart.Text("18"), new ContentPart.Text("°C")), null, null,
                        "call_abc", null, null)),
                params,
                List.of(new ToolDefinition("get_weather", "Current weather", RawJson.of("""
                        {"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""),
                        true), new ToolDefinition("noop", null, null, null)),
                RawJson.of("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"),
                RawJson.of("""
                        {"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"}}}"""),
                false, false,
                Map.of("logit_bias", RawJson.of("{\"50256\":-100}"), "store", RawJson.of("true"),
                        "metadata", RawJson.of("{\"team\":\"ml\"}")));

        JsonNode body = body(codec.encodeChat(chat, TARGET));

        assertThat(body).isEqualTo(tree("""
                {
                  "model": "gpt-4o-2024-08-06",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "developer", "content": "Answer in French."},
                    {"role": "user", "name": "alice", "content": [
                      {"type": "text", "text": "What is in this image and this clip?"},
                      {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}},
                      {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                      {"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZF", "format": "wav"}},
                      {"type": "file", "file": {"file_id": "file-6F2ksmvXxt4VdoqmHRw6kL"}}
                    ]},
                    {"role": "assistant", "tool_calls": [
                      {"id": "call_abc", "type": "function",
                       "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Paris\\"}"}}
                    ]},
                    {"role": "tool", "content": "18°C", "tool_call_id": "call_abc"}
                  ],
                  "temperature": 0.2, "top_p": 0.9, "max_tokens": 256, "max_completion_tokens": 512, "n": 2,
                  "stop": ["\\n\\n", "END"], "seed": 42, "presence_penalty": 0.5, "frequency_penalty": -0.5,
                  "logprobs": true, "top_logprobs": 3, "parallel_tool_calls": false, "reasoning_effort": "low",
                  "user": "user-1234",
                  "tools": [
                    {"type": "function", "function": {"name": "get_weather", "description": "Current weather",
                      "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                                     "required": ["location"]},
                      "strict": true}},
                    {"type": "function", "function": {"name": "noop"}}
                  ],
                  "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                  "response_format": {"type": "json_schema",
                                      "json_schema": {"name": "w", "schema": {"type": "object"}}},
                  "logit_bias": {"50256": -100},
                  "store": true,
                  "metadata": {"team": "ml"}
                }"""));
        assertNoNulls(body);
    }

    @Test
    void streamingAlwaysAsksForUsage() {
        for (boolean clientWantsUsage : List.of(true, false)) {
            ChatRequest chat = new ChatRequest("m", List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
                    true, clientWantsUsage, null);
            UpstreamRequest request = codec.encodeChat(chat, TARGET);

            assertThat(request.streaming()).isTrue();
            assertThat(request.headers()).containsEntry("Accept", "text/event-stream");
            assertThat(body(request).get("stream").booleanValue()).isTrue();
            assertThat(body(request).get("stream_options")).isEqualTo(tree("{\"include_usage\":true}"));
        }
    }

    @Test
    void contentIsAStringOnlyWhenThatLosesNothing() {
        Message twoParts = new Message(Role.USER, List.of(new ContentPart.Text("a"), new ContentPart.Text("b")),
                null, null, null, null, null);
        Message systemTwoParts = new Message(Role.SYSTEM, twoParts.content(), null, null, null, null, null);
        Message emptyUser = new Message(Role.USER, List.of(), null, null, null, null, null);
        Message refused = new Message(Role.ASSISTANT, List.of(), null, null, null, "thinking…", "I can't help.");

        JsonNode messages = body(codec.encodeChat(
                request(List.of(systemTwoParts, twoParts, emptyUser, refused), null, false), TARGET))
                .get("messages");

        assertThat(messages).isEqualTo(tree("""
                [{"role":"system","content":"ab"},
                 {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
                 {"role":"user","content":""},
                 {"role":"assistant","refusal":"I can't help."}]"""));
    }

    @Test
    void extraFieldsCannotOverrideWhatTheCodecOwns() {
        ChatRequest chat = new ChatRequest("m", List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
                false, false, Map.of("model", RawJson.of("\"gpt-4o\""), "stream", RawJson.of("true"),
                "messages", RawJson.of("[]"), "temperature", RawJson.of("2"), "service_tier", RawJson.of("\"flex\"")));

        JsonNode body = body(codec.encodeChat(chat, TARGET));

        assertThat(body.get("model").textValue()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("service_tier").textValue()).isEqualTo("flex");
    }

    @Test
    void rawJsonThatIsNotOneValueIsRejectedNotSpliced() {
        for (String bad : List.of("1, \"model\": \"gpt-4o\"", "{\"a\":1", "", "[1]]", "nope")) {
            ChatRequest viaExtra = new ChatRequest("m", List.of(Message.text(Role.USER, "Hi")), null, null, null,
                    null, false, false, Map.of("metadata", RawJson.of(bad)));
            assertThatThrownBy(() -> codec.encodeChat(viaExtra, TARGET)).as(bad)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.param()).isEqualTo("metadata"));
        }
        ChatRequest viaToolChoice = new ChatRequest("m", List.of(Message.text(Role.USER, "Hi")), null, null,
                RawJson.of("\"auto\", \"model\": \"x\""), null, false, false, null);
        assertThatThrownBy(() -> codec.encodeChat(viaToolChoice, TARGET))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }

    @Test
    void theKeyIsSentButNeverPrinted() {
        UpstreamRequest request = codec.encodeChat(request(List.of(Message.text(Role.USER, "Hi")), null, true),
                TARGET);

        assertThat(request.headers().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.toString()).doesNotContain(KEY).doesNotContain("Zq8vN3");
        assertThat(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(KEY);
    }

    @Test
    void noKeyNoAuthorizationHeader() {
        UpstreamTarget local = new UpstreamTarget(URI.create("http://127.0.0.1:8000/v1/"), "llama-3.1-8b", null,
                null, null);

        UpstreamRequest request = codec.encodeChat(request(List.of(Message.text(Role.USER, "Hi")), null, false),
                local);

        assertThat(request.headers()).containsOnlyKeys("Content-Type");
        assertThat(request.uri()).isEqualTo(URI.create("http://127.0.0.1:8000/v1/chat/completions"));
    }

    @Test
    void deploymentHeadersAreAddedAndReplaceBuiltInsOfTheSameName() {
        UpstreamTarget target = new UpstreamTarget(URI.create("https://gateway.example/v1"), "m", Secret.of(KEY),
                Map.of("OpenAI-Organization", "org-123", "authorization", "Bearer other", "x-tenant", "t1"), null);

        UpstreamRequest request = codec.encodeChat(request(List.of(Message.text(Role.USER, "Hi")), null, false),
                target);

        assertThat(request.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("Content-Type", "application/json",
                "OpenAI-Organization", "org-123", "authorization", "Bearer other", "x-tenant", "t1"));
    }

    @Test
    void bodiesAreReproducible() {
        Map<String, RawJson> extra = Map.of("a", RawJson.of("1"), "b", RawJson.of("2"), "c", RawJson.of("3"),
                "d", RawJson.of("4"), "e", RawJson.of("5"));
        ChatRequest chat = new ChatRequest("m", List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
                false, false, extra);

        String body = new String(codec.encodeChat(chat, TARGET).body(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(body).endsWith("\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}");
    }
}
