package dev.gatehouse.app.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRefTest {

    @Test
    void parsesTheSupportedFormsAndLeavesPlaintextAlone() {
        assertThat(SecretRef.parse("env:OPENAI_API_KEY")).isEqualTo(new SecretRef("env", "OPENAI_API_KEY"));
        assertThat(SecretRef.parse("os.environ/OPENAI_API_KEY"))
                .isEqualTo(new SecretRef("os.environ", "OPENAI_API_KEY"));
        assertThat(SecretRef.parse("file:/run/secrets/k")).isEqualTo(new SecretRef("file", "/run/secrets/k"));
        assertThat(SecretRef.parse("aws-sm:prod/openai")).isEqualTo(new SecretRef("aws-sm", "prod/openai"));
        assertThat(SecretRef.parse("sk-proj-abc123")).isNull();
        assertThat(SecretRef.parse("gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz")).isNull();
        assertThat(SecretRef.parse("ENV:X")).isNull();
    }

    @Test
    void printsAsWritten() {
        assertThat(new SecretRef("os.environ", "K")).hasToString("os.environ/K");
        assertThat(new SecretRef("env", "K")).hasToString("env:K");
    }

    @Test
    void suggestionsFindCloseSpellingsOnly() {
        var keys = java.util.List.of("host", "port", "max_request_bytes", "data_dir");
        assertThat(Suggestions.closest("prot", keys)).isEqualTo("port");
        assertThat(Suggestions.closest("max_request_byte", keys)).isEqualTo("max_request_bytes");
        assertThat(Suggestions.closest("datadir", keys)).isEqualTo("data_dir");
        assertThat(Suggestions.closest("Port", keys)).isEqualTo("port");
        assertThat(Suggestions.closest("colour", keys)).isNull();
    }
}
