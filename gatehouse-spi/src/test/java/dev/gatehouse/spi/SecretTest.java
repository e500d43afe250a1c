package dev.gatehouse.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {
    private static final String VALUE = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void toStringNeverShowsTheValue() {
        Secret secret = Secret.of(VALUE);
        assertThat(secret.toString()).doesNotContain(VALUE).doesNotContain("abcdef").isEqualTo("Secret[****]");
        assertThat("key=" + secret).doesNotContain("sk-proj");
    }

    @Test
    void maskedShowsOnlyTheTailOfLongSecrets() {
        assertThat(Secret.of(VALUE).masked()).isEqualTo("****6789");
        assertThat(Secret.of("short-secret").masked()).isEqualTo("****");
    }

    @Test
    void matchesComparesWholeValues() {
        Secret secret = Secret.of(VALUE);
        assertThat(secret.matches(VALUE)).isTrue();
        assertThat(secret.matches(VALUE.substring(0, VALUE.length() - 1))).isFalse();
        assertThat(secret.matches(VALUE + "0")).isFalse();
        assertThat(secret.matches(null)).isFalse();
    }

    @Test
    void upstreamRequestToStringHidesHeaderValues() {
        var request = new UpstreamRequest("POST", java.net.URI.create("https://api.example.com/v1/chat/completions"),
                java.util.Map.of("Authorization", "Bearer " + VALUE), new byte[3], false);
        assertThat(request.toString()).contains("Authorization").doesNotContain(VALUE);
    }
}
