package dev.gatehouse.providers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamMessagesTest {

    @Test
    void keyLikeTokensAreRedacted() {
        assertThat(UpstreamMessages.sanitize("Incorrect API key provided: sk-proj-AbC123_def-456. See docs."))
                .isEqualTo("Incorrect API key provided: [redacted]. See docs.");
        assertThat(UpstreamMessages.sanitize("key sk-ant-api03-abcdefghijklmnop and gh-1a2b3c4d5e6f7g8h"))
                .isEqualTo("key [redacted] and [redacted]");
        assertThat(UpstreamMessages.sanitize("Authorization: Bearer eyJhbGciOi.abc.def failed"))
                .isEqualTo("Authorization: Bearer [redacted] failed");
        assertThat(UpstreamMessages.sanitize("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature"))
                .isEqualTo("token [redacted]");
        assertThat(UpstreamMessages.sanitize("bad key AIzaSyA1234567890abcdefghijklmnopqrstu for project"))
                .isEqualTo("bad key [redacted] for project");
        assertThat(UpstreamMessages.sanitize("id AKIAIOSFODNN7EXAMPLE denied")).isEqualTo("id [redacted] denied");
        assertThat(UpstreamMessages.sanitize("invalid gsk_abcdefghijklmnopqrstuvwx and xai-abcdefghijklmnopqrstuv"))
                .isEqualTo("invalid [redacted] and [redacted]");
        assertThat(UpstreamMessages.sanitize("{\"api_key\": \"abcdef123456\", \"password\":\"hunter2hunter2\"}"))
                .isEqualTo("{\"api_key\": \"[redacted]\", \"password\":\"[redacted]\"}");
        assertThat(UpstreamMessages.sanitize("GET /v1/models?api-key=0123456789abcdef&x=1"))
                .isEqualTo("GET /v1/models?api-key=[redacted]&x=1");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "The task-force is risk-averse; max_tokens: 4096 exceeds the limit. Use a key: value map.";
        assertThat(UpstreamMessages.sanitize(text)).isEqualTo(text);
        assertThat(UpstreamMessages.sanitize("sk-1")).isEqualTo("sk-1");
    }

    @Test
    void controlCharactersAndLengthAreBounded() {
        assertThat(UpstreamMessages.sanitize("line one\nline two\r\n\tend\u0000")).isEqualTo("line one line two   end");
        assertThat(UpstreamMessages.sanitize("  padded  ")).isEqualTo("padded");
        assertThat(UpstreamMessages.sanitize(null)).isNull();
        assertThat(UpstreamMessages.sanitize("a".repeat(5_000))).hasSize(UpstreamMessages.MAX_LENGTH).endsWith("…");
        assertThat(UpstreamMessages.sanitize("abcdef", 4)).isEqualTo("abc…");
        String emoji = "👋".repeat(10);
        assertThat(UpstreamMessages.sanitize(emoji, 4)).as("never splits a surrogate pair").isEqualTo("👋…");
    }

    @Test
    void aKeyStraddlingTheLengthLimitIsStillRedacted() {
        String message = "x".repeat(990) + " sk-proj-abcdefghijklmnopqrstuvwxyz";
        assertThat(UpstreamMessages.sanitize(message)).doesNotContain("sk-proj").doesNotContain("abcdefgh");
    }
}
