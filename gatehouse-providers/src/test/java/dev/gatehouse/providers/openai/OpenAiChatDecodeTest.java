package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.providers.Fixtures;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiChatDecodeTest {
    private final OpenAiCodec codec = new OpenAiCodec();

    private static byte[] fixture(String name) {
        return Fixtures.bytes("openai/" + name);
    }

    private ChatResponse decode(String json) {
        return codec.decodeChat(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainText() {
        ChatResponse response = codec.decodeChat(fixture("chat-text.json"));

        assertThat(response.id()).isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.created()).isEqualTo(1741570283L);
        assertThat(response.systemFingerprint()).isEqualTo("fp_06737a9306");
        assertThat(response.usage()).isEqualTo(new Usage(19, 14, 33, 0, 0, 0));
        Choice choice = response.choices().getFirst();
        assertThat(choice.index()).isZero();
        assertThat(choice.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(choice.logprobs()).isNull();
        assertThat(choice.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(choice.message().textContent()).isEqualTo("Bonjour ! 👋 Ravi de vous rencontrer — comment ça va ?");
        assertThat(choice.message().toolCalls()).isEmpty();
        assertThat(choice.message().refusal()).isNull();
        assertThat(choice.message().reasoning()).isNull();
    }

    @Test
    void parallelToolCalls() {
        ChatResponse response = codec.decodeChat(fixture("chat-tool-calls.json"));

        Choice choice = response.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).isEmpty();
        assertThat(choice.message().toolCalls()).containsExactly(
                new ToolCall("call_8qty3LUuJKF7mPGsiAp6gBVn", "get_weather",
                        "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"),
                new ToolCall("call_Hx2GnpxRh1yLWuEYsDnXhKqP", "get_weather",
                        "{\"location\":\"São Paulo, Brazil\",\"unit\":\"celsius\"}"));
        assertThat(response.usage()).isEqualTo(new Usage(82, 51, 133, 0, 0, 0));
    }

    @Test
    void logprobsPassThroughAsTheSameJson() throws Exception {
        ChatResponse response = codec.decodeChat(fixture("chat-logprobs.json"));

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(response.choices().getFirst().logprobs().json()))
                .isEqualTo(json.readTree(fixture("chat-logprobs.json")).at("/choices/0/logprobs"));
        assertThat(response.choices().getFirst().logprobs().json()).contains("-0.31725305", "-3.787621");
    }

    @Test
    void reasoningContentFromCompatibleHosts() {
        ChatResponse deepseek = codec.decodeChat(fixture("chat-reasoning.json"));
        assertThat(deepseek.choices().getFirst().message().reasoning()).startsWith("The user asks 9.11 vs 9.8.");
        assertThat(deepseek.usage().reasoningTokens()).isEqualTo(81);

        ChatResponse openrouter = decode("""
                {"id":"gen-1","model":"m","choices":[{"index":0,"finish_reason":"stop",
                 "message":{"role":"assistant","content":"4","reasoning":"2+2=4"}}]}""");
        assertThat(openrouter.choices().getFirst().message().reasoning()).isEqualTo("2+2=4");
    }

    @Test
    void refusalAndCachedTokens() {
        ChatResponse response = decode("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,
                   "refusal":"I'm sorry, I can't help with that."},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
                   "prompt_tokens_details":{"cached_tokens":1920},
                   "completion_tokens_details":{"reasoning_tokens":128}}}""");

        assertThat(response.choices().getFirst().message().refusal()).isEqualTo("I'm sorry, I can't help with that.");
        assertThat(response.choices().getFirst().message().content()).isEmpty();
        assertThat(response.usage()).isEqualTo(new Usage(2006, 300, 2306, 1920, 0, 128));
    }

    @Test
    void lenientAboutWhatCompatibleHostsLeaveOut() {
        ChatResponse response = decode("""
                {"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"thinking","thinking":"b"}]}},
                            {"message":{"role":"assistant","content":"c"},"finish_reason":"weird"}],
                 "usage":{"prompt_tokens":-5,"completion_tokens":3}}""");

        assertThat(response.id()).isEmpty();
        assertThat(response.model()).isEmpty();
        assertThat(response.systemFingerprint()).isNull();
        assertThat(response.choices()).extracting(Choice::index).containsExactly(0, 1);
        assertThat(response.choices().get(0).message().content()).hasSize(2)
                .element(1).isInstanceOfSatisfying(ContentPart.Other.class,
                        o -> assertThat(o.type()).isEqualTo("thinking"));
        assertThat(response.choices().get(0).finishReason()).isNull();
        assertThat(response.choices().get(1).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).as("negative counts are clamped").isEqualTo(new Usage(0, 3, 3, 0, 0, 0));
    }

    @Test
    void valuesOfAnUnexpectedTypeAndUnknownFieldsAreSteppedOver() {
        ChatResponse response = decode("""
                {"id":{"nested":["x"]},"object":"chat.completion","created":"1735689600","extra":{"a":[{"b":1}]},
                 "choices":[{"index":"zero","finish_reason":{"r":"stop"},"logprobs":{"content":[{"logprob":-0.5}]},
                             "message":{"role":["assistant"],"content":"hi","tool_calls":{"not":"a list"},
                                        "refusal":7,"annotations":[{"type":"url"}]},"extra":[1,[2]]}],
                 "usage":null,"service_tier":"default","model":"m","model":"m2"}""");

        assertThat(response.id()).isEmpty();
        assertThat(response.model()).as("the last of a repeated key wins, as in a tree").isEqualTo("m2");
        assertThat(response.created()).isEqualTo(1735689600L);
        assertThat(response.usage()).isNull();
        Choice choice = response.choices().getFirst();
        assertThat(choice.index()).isZero();
        assertThat(choice.finishReason()).isNull();
        assertThat(choice.logprobs().json()).isEqualTo("{\"content\":[{\"logprob\":-0.5}]}");
        assertThat(choice.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(choice.message().content()).containsExactly(new ContentPart.Text("hi"));
        assertThat(choice.message().toolCalls()).isEmpty();
        assertThat(choice.message().refusal()).isNull();
    }

    @Test
    void usageCountsOfOddTypesAreReadAsNonNegativeWholeNumbers() {
        String choices = "\"choices\":[{\"message\":{\"content\":\"x\"}}]";
        assertThat(decode("{" + choices + ",\"usage\":{\"prompt_tokens\":7.9,\"completion_tokens\":\"5\","
                + "\"total_tokens\":null,\"prompt_tokens_details\":{\"audio_tokens\":1,\"cached_tokens\":3},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":-2},\"extra\":{\"a\":[1]}}}").usage())
                .isEqualTo(new Usage(7, 0, 7, 3, 0, 0));
        assertThat(decode("{" + choices + ",\"usage\":{\"prompt_tokens\":123456789012345678901234567890,"
                + "\"completion_tokens\":-123456789012345678901234567890,\"total_tokens\":1e300}}").usage())
                .as("counts beyond a long saturate; negative ones are zero")
                .isEqualTo(new Usage(Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, 0, 0));
        assertThat(decode("{" + choices + ",\"usage\":[1,2]}").usage()).isNull();
    }

    @Test
    void anErrorObjectInA2xxBodyIsAnUpstreamError() {
        assertThatThrownBy(() -> decode("""
                {"error":{"message":"Provider returned error","code":429}}"""))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.upstreamStatus()).isEqualTo(429);
                    assertThat(e.getMessage()).isEqualTo("Provider returned error");
                    assertThat(e.retryable()).isTrue();
                });
        assertThatThrownBy(() -> decode("""
                {"error":{"message":"bad","type":"invalid_request_error","code":"invalid_value"}}"""))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.upstreamStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_value");
                });
    }

    @Test
    void malformedBodiesAreBadUpstreamResponsesThatDoNotEchoTheBody() {
        List<String> bodies = List.of("", "not json internal-host-7", "<html>internal-host-7</html>", "[]", "42",
                "{\"choices\":{}}", "{\"choices\":[1]}", "{\"choices\":[{\"message\":\"internal-host-7\"}]}",
                "{\"choices\":[{\"message\":{\"content\":42}}]}", "{\"id\":\"internal-host-7\"",
                "{\"choices\":[]} trailing", "{".repeat(5_000), "\"internal-host-7\"", "null");
        for (String body : bodies) {
            assertThatThrownBy(() -> decode(body)).as(body.length() > 40 ? body.substring(0, 40) : body)
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.upstreamStatus()).isEqualTo(502);
                        assertThat(e.code()).isEqualTo("bad_upstream_response");
                        assertThat(e.getMessage()).doesNotContain("internal-host-7");
                    });
        }
        assertThatThrownBy(() -> codec.decodeChat(null)).isInstanceOf(UpstreamException.class);
        byte[] invalidUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> codec.decodeChat(invalidUtf8)).isInstanceOf(UpstreamException.class);
    }

    @Test
    void randomBytesNeverEscapeAsAnotherExceptionType() {
        java.util.Random random = new java.util.Random(7);
        byte[] valid = fixture("chat-tool-calls.json");
        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                codec.decodeChat(mutated);
            } catch (UpstreamException expected) {
                assertThat(expected.upstreamStatus()).isBetween(400, 599);
            }
        }
    }
}
