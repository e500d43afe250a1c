package dev.gatehouse.core.route;

import dev.gatehouse.spi.Secret;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentSpecTest {

    @Test
    void toStringShowsNeitherTheKeyNorHeaderValues() {
        var spec = new DeploymentSpec("gpt-4o", "openai", "gpt-4o-2024-08-06", URI.create("https://api.openai.com/v1"),
                Secret.of("sk-provider-secret-0123456789"), Map.of("X-Api-Token", "header-secret-value"),
                Map.of("api_version", "2024-10-21"), 100, null);
        assertThat(spec.toString())
                .contains("gpt-4o", "openai/gpt-4o-2024-08-06", "X-Api-Token", "api_version")
                .doesNotContain("sk-provider-secret", "header-secret-value");
    }
}
