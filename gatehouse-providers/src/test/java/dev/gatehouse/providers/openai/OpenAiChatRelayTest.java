package dev.gatehouse.providers.openai;

import dev.gatehouse.providers.Fixtures;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.ProviderBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which provider bodies a completion carries as its {@link ProviderBody}, to be relayed in place of a re-encoding. */
class OpenAiChatRelayTest {
    private static final String REGULAR = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hi","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":8,"completion_tokens":2,"total_tokens":10,
                      "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0}},
             "system_fingerprint":"fp_1"}""";

    private final OpenAiCodec codec = new OpenAiCodec();

    private ChatResponse decode(String json) {
        return codec.decodeChat(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat-text.json", "chat-tool-calls.json", "chat-logprobs.json"})
    void recordedOpenAiCompletionsAreCarriedAsTheyCame(String fixture) {
        byte[] body = Fixtures.bytes("openai/" + fixture);

        ChatResponse response = codec.decodeChat(body);

        assertThat(response.source()).isEqualTo(new ProviderBody("openai", body));
        assertThat(response.source().bytes()).as("not copied").isSameAs(body);
    }

    @Test
    void fieldsTheGatewayDoesNotModelDoNotStopTheRelay() {
        String body = REGULAR.replace("\"refusal\":null", "\"refusal\":null,\"annotations\":[{\"type\":\"url_citation\"}]")
                .replace("\"system_fingerprint\"", "\"service_tier\":\"default\",\"system_fingerprint\"");

        assertThat(decode(REGULAR).source()).isNotNull();
        assertThat(decode(body).source()).isNotNull();
        assertThat(new String(decode(body).source().bytes(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "\"object\":\"chat.completion\"->\"object\":\"chat.completion.chunk\"",
            "\"object\":\"chat.completion\",->",
            "\"id\":\"chatcmpl-1\",->",
            "\"id\":\"chatcmpl-1\",->\"id\":7,",
            "\"id\":\"chatcmpl-1\",->\"id\":\"a\",\"id\":\"b\",",
            "\"model\":\"gpt-4o-mini\",->\"model\":\"a\",\"model\":\"b\",",
            "\"created\":1735689600,->",
            "\"created\":1735689600->\"created\":\"1735689600\"",
            "\"created\":1735689600->\"created\":-1",
            "\"created\":1735689600->\"created\":1.5",
            "\"index\":0->\"index\":\"0\"",
            "\"index\":0,->",
            ",\"finish_reason\":\"stop\"->",
            "\"content\":\"hi\",->",
            "\"role\":\"assistant\",->",
            "\"role\":\"assistant\"->\"role\":\"model\"",
            "\"role\":\"assistant\"->\"role\":\"assistant\",\"role\":\"assistant\"",
            "\"content\":\"hi\"->\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]",
            "\"content\":\"hi\"->\"content\":\"hi\",\"content\":\"ho\"",
            "\"content\":\"hi\"->\"content\":\"hi\",\"reasoning\":\"think\"",
            "\"content\":\"hi\"->\"content\":\"hi\",\"reasoning_content\":7",
            "\"refusal\":null->\"refusal\":false",
            "\"finish_reason\":\"stop\"->\"finish_reason\":\"eos\"",
            "\"finish_reason\":\"stop\"->\"finish_reason\":1",
            "\"prompt_tokens\":8->\"prompt_tokens\":-8",
            "\"prompt_tokens\":8->\"prompt_tokens\":8.0",
            "\"prompt_tokens\":8->\"prompt_tokens\":\"8\"",
            "\"prompt_tokens\":8->\"prompt_tokens\":123456789012345678901234567890",
            "\"total_tokens\":10,->",
            "\"cached_tokens\":0->\"cached_tokens\":-1",
            "\"usage\":{->\"usage\":[],\"x\":{",
            "\"system_fingerprint\":\"fp_1\"->\"system_fingerprint\":1",
            "\"system_fingerprint\":\"fp_1\"->\"system_fingerprint\":\"fp_1\",\"error\":{\"message\":\"x\"}",
            "{\"id\"-> {\"id\"",
    })
    void whatTheGatewayWouldWriteDifferentlyIsReEncoded(String edit) {
        String[] parts = edit.split("->", 2);
        assertThat(REGULAR).contains(parts[0]);
        String body = REGULAR.replace(parts[0], parts[1]);

        assertThat(decode(body).source()).as(body).isNull();
    }

    @Test
    void toolCallsOnlyInOpenAisOwnShape() {
        String calls = REGULAR.replace("\"content\":\"hi\"", "\"content\":null,\"tool_calls\":[%s]");
        String call = "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}";

        assertThat(decode(calls.formatted(call)).source()).isNotNull();
        assertThat(decode(calls.formatted(call.replace("\"arguments\":\"{}\"", "\"arguments\":{}"))).source())
                .as("arguments as an object are written as a string").isNull();
        assertThat(decode(calls.formatted(call.replace("\"type\":\"function\",", ""))).source()).isNull();
        assertThat(decode(calls.formatted(call.replace("\"id\":\"call_1\",", ""))).source()).isNull();
        assertThat(decode(REGULAR.replace("\"content\":\"hi\"", "\"content\":\"hi\",\"tool_calls\":{}")).source())
                .isNull();
    }

    @Test
    void onlyUtf8WithoutAByteOrderMark() {
        byte[] utf8 = REGULAR.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);

        assertThat(codec.decodeChat(bom).choices()).hasSize(1);
        assertThat(codec.decodeChat(bom).source()).isNull();
        assertThat(codec.decodeChat(REGULAR.getBytes(StandardCharsets.UTF_16LE)).source()).isNull();
    }
}
