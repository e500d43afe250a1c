package dev.gatehouse.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {

    @Test
    void messageTextContentJoinsTextParts() {
        var message = new Message(Role.USER, List.of(new ContentPart.Text("a"), new ContentPart.Image("https://x/y.png",
                null), new ContentPart.Text("b")), null, null, null, null, null);
        assertThat(message.textContent()).isEqualTo("ab");
        assertThat(message.isTextOnly()).isFalse();
        assertThat(Message.text(Role.USER, "hi").isTextOnly()).isTrue();
    }

    @Test
    void effectiveMaxTokensPrefersMaxCompletionTokens() {
        var both = new GenerationParams(null, null, 10, 20, null, null, null, null, null, null, null, null, null, null);
        var legacy = new GenerationParams(null, null, 10, null, null, null, null, null, null, null, null, null, null,
                null);
        assertThat(both.effectiveMaxTokens()).isEqualTo(20);
        assertThat(legacy.effectiveMaxTokens()).isEqualTo(10);
        assertThat(GenerationParams.NONE.effectiveMaxTokens()).isNull();
    }

    @Test
    void wireNamesRoundTrip() {
        for (Role role : Role.values()) {
            assertThat(Role.fromWireName(role.wireName())).isEqualTo(role);
        }
        assertThat(Role.fromWireName("robot")).isNull();
        for (FinishReason reason : FinishReason.values()) {
            assertThat(FinishReason.fromWireName(reason.wireName())).isEqualTo(reason);
        }
        assertThat(FinishReason.fromWireName("end_turn")).isEqualTo(FinishReason.STOP);
    }

    @Test
    void embeddingRequestNeedsExactlyOneInputForm() {
        assertThatThrownBy(() -> new EmbeddingRequest("m", null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new EmbeddingRequest("m", List.of("a", "b"), null, null, null, null, null).inputCount()).isEqualTo(2);
    }

    @Test
    void targetResolvesPathsWithOneSlash() {
        var t1 = new UpstreamTarget(java.net.URI.create("https://api.openai.com/v1/"), "gpt", null, null, null);
        var t2 = new UpstreamTarget(java.net.URI.create("https://api.openai.com/v1"), "gpt", null, null, null);
        assertThat(t1.resolve("/chat/completions")).hasToString("https://api.openai.com/v1/chat/completions");
        assertThat(t2.resolve("chat/completions")).hasToString("https://api.openai.com/v1/chat/completions");
    }

    @Test
    void retryableUpstreamStatuses() {
        assertThat(new UpstreamException(429, "x", null).retryable()).isTrue();
        assertThat(new UpstreamException(503, "x", null).retryable()).isTrue();
        assertThat(new UpstreamException(UpstreamException.UNREACHABLE, "x", null).retryable()).isTrue();
        assertThat(new UpstreamException(400, "x", null).retryable()).isFalse();
        assertThat(new UpstreamException(401, "x", null).retryable()).isFalse();
    }
}
