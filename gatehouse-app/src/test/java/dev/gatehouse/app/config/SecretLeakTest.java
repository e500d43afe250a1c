package dev.gatehouse.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Secret values never appear in an exception message or in a configuration's {@code toString()}. */
class SecretLeakTest {
    private static final String API_KEY = "sk-live-TOPSECRET0123456789abcdef";
    private static final String MASTER = "gh-master-ALSOSECRET9876543210zyxwvu";
    private static final String HEADER = "Bearer HEADERSECRET42";

    @Test
    void loadedConfigsMaskSecrets(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("k");
        Files.writeString(keyFile, API_KEY);
        GatehouseConfig config = new ConfigLoader(Map.of("M", MASTER), ConfigLoaderTest.PROVIDERS)
                .load(ConfigSource.yaml("gatehouse.yaml", """
                        general_settings:
                          master_key: env:M
                        model_list:
                          - model_name: a
                            litellm_params:
                              model: openai/gpt-4o
                              api_key: file:%s
                              extra_headers: {Authorization: "%s"}
                        """.formatted(keyFile, HEADER)));
        assertThat(config.models().getFirst().apiKey().reveal()).isEqualTo(API_KEY);
        // (DeploymentSpec is core's record; its toString shows header values, so it is not asserted here.)
        String text = config + " " + config.general() + " " + config.models();
        assertThat(text).doesNotContain(API_KEY).doesNotContain(MASTER).doesNotContain("HEADERSECRET42")
                .contains("Secret[****]");
    }

    @Test
    void errorsNeverQuoteSecretValues() {
        String yaml = """
                general_settings:
                  master_key: %s
                  auth: %s
                model_list:
                  - model_name: a
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: %s
                      rpm: [%s]
                      api_kei: %s
                  - model_name: b
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: "vault:%s"
                  - model_name: c
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: "weird:%s"
                  - model_name: d
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: [%s]
                      api_base: "https://user:%s@example.com"
                """.formatted(MASTER, "{x: 1}", API_KEY, API_KEY, API_KEY, API_KEY, API_KEY, API_KEY, API_KEY);
        Throwable e = catchThrowable(() -> new ConfigLoader(Map.of(), ConfigLoaderTest.PROVIDERS)
                .load(ConfigSource.yaml("gatehouse.yaml", yaml)));
        assertThat(e).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) e).errors()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(e.getMessage()).doesNotContain(API_KEY).doesNotContain(MASTER);
        assertThat(e.toString()).doesNotContain(API_KEY).doesNotContain(MASTER);
    }

    @Test
    void environmentSecretsAreNotEchoedEither() {
        Throwable e = catchThrowable(() -> new ConfigLoader(Map.of("GATEHOUSE_MASTER_KEY", "vault:" + MASTER),
                ConfigLoaderTest.PROVIDERS).load(ConfigSource.builtIn()));
        assertThat(e).isInstanceOf(ConfigException.class);
        assertThat(e.getMessage()).doesNotContain(MASTER)
                .contains("environment variable GATEHOUSE_MASTER_KEY (general_settings.master_key): vault: secret "
                        + "references are not supported yet");
    }

    @Test
    void malformedYamlAroundASecretDoesNotQuoteIt() {
        for (String yaml : new String[] {
                "general_settings:\n  master_key: \"" + MASTER + "\n",
                "model_list:\n  - model_name: a\n    litellm_params: {api_key: " + API_KEY + ", [\n",
                "general_settings:\n  master_key: " + MASTER + "\n   auth: x\n",
                "general_settings:\n\tmaster_key: " + MASTER + "\n"}) {
            Throwable e = catchThrowable(() -> new ConfigLoader(Map.of(), ConfigLoaderTest.PROVIDERS)
                    .load(ConfigSource.yaml("gatehouse.yaml", yaml)));
            assertThat(e).as(yaml).isInstanceOf(ConfigException.class);
            assertThat(e.getMessage()).as(yaml).startsWith("gatehouse.yaml:").contains("malformed YAML")
                    .doesNotContain(MASTER).doesNotContain(API_KEY);
        }
    }
}
