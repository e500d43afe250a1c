package dev.gatehouse.app.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {
    static final List<String> PROVIDERS = List.of("mock", "openai");
    static final String OPENAI_KEY = "sk-proj-TESTVALUE-a1b2c3d4e5f6g7h8";
    static final String MASTER = "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz";

    static GatehouseConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(env, PROVIDERS).load(ConfigSource.yaml("gatehouse.yaml", yaml));
    }

    @Test
    void theEngineDefaultsToEventLoopsAndCanBeChosen() {
        assertThat(load("model_list: []\n", Map.of()).server().engine()).isEqualTo("loop");
        ServerConfig threads = load("server:\n  engine: threads\n  event_loops: 3\nmodel_list: []\n", Map.of())
                .server();
        assertThat(threads.engine()).isEqualTo("threads");
        assertThat(threads.eventLoops()).isEqualTo(3);
    }

    @Test
    void busyPollingIsOnByDefaultAndCanBeTurnedOff() {
        assertThat(load("model_list: []\n", Map.of()).server().busyPollMicros()).isEqualTo(100);
        assertThat(load("server:\n  busy_poll_us: 0\nmodel_list: []\n", Map.of()).server().busyPollMicros()).isZero();
        assertThat(load("model_list: []\n", Map.of("GATEHOUSE_SERVER_BUSY_POLL_US", "250")).server().busyPollMicros())
                .isEqualTo(250);
    }

    @Test
    void loadsAFullGatehouseConfig() {
        GatehouseConfig config = load("""
                server:
                  host: 0.0.0.0
                  port: 4100
                  max_request_bytes: 1048576
                  data_dir: /var/lib/gatehouse
                general_settings:
                  master_key: env:GH_TEST_MASTER
                  auth: true
                  access_log: false
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      api_base: https://api.openai.com/v1
                      api_key: os.environ/OPENAI_API_KEY
                      rpm: 500
                      tpm: 100000
                      extra_headers:
                        X-Team: research
                  - model_name: mock-gpt
                    params:
                      model: mock/mock-gpt
                """, Map.of("GH_TEST_MASTER", MASTER, "OPENAI_API_KEY", OPENAI_KEY));

        assertThat(config.source()).isEqualTo("gatehouse.yaml");
        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 4100, 1048576, Path.of("/var/lib/gatehouse")));
        assertThat(config.general().masterKey().reveal()).isEqualTo(MASTER);
        assertThat(config.general().masterKeyOrigin().describe()).isEqualTo("gatehouse.yaml:7");
        assertThat(config.general().auth()).isTrue();
        assertThat(config.general().accessLog()).isFalse();
        assertThat(config.models()).hasSize(2);
        ModelEntry gpt = config.models().getFirst();
        assertThat(gpt.modelName()).isEqualTo("gpt-4o");
        assertThat(gpt.provider()).isEqualTo("openai");
        assertThat(gpt.upstreamModel()).isEqualTo("gpt-4o");
        assertThat(gpt.apiBase()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(gpt.apiKey().reveal()).isEqualTo(OPENAI_KEY);
        assertThat(gpt.rpm()).isEqualTo(500);
        assertThat(gpt.tpm()).isEqualTo(100000);
        assertThat(gpt.extraHeaders()).containsExactly(Map.entry("X-Team", "research"));
        assertThat(config.models().get(1)).isEqualTo(ModelEntry.mock("mock-gpt"));
        assertThat(config.warnings()).containsExactly(
                "gatehouse.yaml:16: model_list[].litellm_params.rpm is accepted but not enforced yet",
                "gatehouse.yaml:17: model_list[].litellm_params.tpm is accepted but not enforced yet");
        var spec = config.deployments().getFirst();
        assertThat(spec.displayName()).isEqualTo("openai/gpt-4o");
        assertThat(spec.apiKey().reveal()).isEqualTo(OPENAI_KEY);
    }

    @Test
    void loadsAVerbatimLiteLlmConfig() {
        GatehouseConfig config = load("""
                model_list:
                  - model_name: gpt-3.5-turbo
                    litellm_params:
                      model: gpt-3.5-turbo
                      api_key: os.environ/OPENAI_API_KEY
                    model_info:
                      id: my-unique-id
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: os.environ/OPENAI_API_KEY
                      timeout: 30
                      max_retries: 2
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o-2024-08-06
                      api_base: http://localhost:8000/v1
                      api_key: os.environ/OPENAI_API_KEY

                litellm_settings:
                  drop_params: True
                  success_callback: ["langfuse"]
                  num_retries: 3

                router_settings:
                  routing_strategy: usage-based-routing-v2
                  redis_host: os.environ/REDIS_HOST
                  redis_password: os.environ/REDIS_PASSWORD

                environment_variables:
                  LANGFUSE_HOST: https://cloud.langfuse.com

                general_settings:
                  master_key: os.environ/LITELLM_MASTER_KEY
                  database_url: os.environ/DATABASE_URL
                """, Map.of("OPENAI_API_KEY", OPENAI_KEY, "LITELLM_MASTER_KEY", MASTER));

        assertThat(config.general().masterKey().reveal()).isEqualTo(MASTER);
        assertThat(config.models()).extracting(ModelEntry::modelName)
                .containsExactly("gpt-3.5-turbo", "gpt-4o", "gpt-4o");
        assertThat(config.modelNames()).containsExactly("gpt-3.5-turbo", "gpt-4o");
        assertThat(config.models().getFirst().provider()).isEqualTo("openai");
        assertThat(config.models().getFirst().apiBase()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(config.models().get(2).apiBase()).isEqualTo(URI.create("http://localhost:8000/v1"));
        assertThat(config.models().get(2).upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
        // One warning per ignored key, naming it, even when it occurs more than once.
        assertThat(config.warnings()).containsExactly(
                "gatehouse.yaml:6: model_list[0].model_info is a LiteLLM setting Gatehouse does not implement yet; "
                        + "ignored",
                "gatehouse.yaml:12: model_list[1].litellm_params.timeout is a LiteLLM setting Gatehouse does not "
                        + "implement yet; ignored",
                "gatehouse.yaml:13: model_list[1].litellm_params.max_retries is a LiteLLM setting Gatehouse does not "
                        + "implement yet; ignored",
                "gatehouse.yaml:20: litellm_settings is a LiteLLM setting Gatehouse does not implement yet; ignored",
                "gatehouse.yaml:25: router_settings is a LiteLLM setting Gatehouse does not implement yet; ignored",
                "gatehouse.yaml:30: environment_variables is a LiteLLM setting Gatehouse does not implement yet; "
                        + "ignored",
                "gatehouse.yaml:35: general_settings.database_url is a LiteLLM setting Gatehouse does not "
                        + "implement yet; ignored");
    }

    @Test
    void noModelListMeansTheBuiltInMockModels() {
        for (String yaml : List.of("", "# nothing here\n", "server:\n  port: 4001\n", "model_list: []\n",
                "model_list:\n")) {
            GatehouseConfig config = load(yaml, Map.of());
            assertThat(config.modelNames()).as(yaml).containsExactly("mock-gpt", "mock-embedding");
            assertThat(config.models()).allSatisfy(m -> assertThat(m.provider()).isEqualTo("mock"));
        }
    }

    @Test
    void builtInDefaults() {
        GatehouseConfig config = new ConfigLoader(Map.of(), PROVIDERS).load(ConfigSource.builtIn());
        assertThat(config.source()).isEqualTo("built-in defaults");
        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(4000);
        assertThat(config.server().dataDir()).isEqualTo(Path.of("gatehouse-data"));
        assertThat(config.general()).isEqualTo(GeneralSettings.defaults());
        assertThat(config.general().auth()).isTrue();
        assertThat(config.general().masterKey()).isNull();
        assertThat(config.modelNames()).containsExactly("mock-gpt", "mock-embedding");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void secretReferencesResolveFromEnvironmentAndFiles(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path keyFile = dir.resolve("openai.key");
        java.nio.file.Files.writeString(keyFile, "  " + OPENAI_KEY + "\n\n");
        GatehouseConfig config = load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o, api_key: "file:%s"}
                  - model_name: b
                    litellm_params: {model: openai/gpt-4o, api_key: env:KEY_B}
                  - model_name: c
                    litellm_params: {model: openai/gpt-4o, api_key: os.environ/KEY_C}
                  - model_name: d
                    litellm_params: {model: openai/gpt-4o}
                """.formatted(keyFile), Map.of("KEY_B", "sk-b-value", "KEY_C", "sk-c-value"));
        assertThat(config.models()).extracting(m -> m.apiKey() == null ? null : m.apiKey().reveal())
                .containsExactly(OPENAI_KEY, "sk-b-value", "sk-c-value", null);
    }

    @Test
    void plaintextSecretsAreAcceptedWhenExplicitlyAllowed() {
        GatehouseConfig config = load("""
                general_settings:
                  allow_plaintext_secrets: true
                  master_key: %s
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o, api_key: %s}
                """.formatted(MASTER, OPENAI_KEY), Map.of());
        assertThat(config.general().masterKey().reveal()).isEqualTo(MASTER);
        assertThat(config.models().getFirst().apiKey().reveal()).isEqualTo(OPENAI_KEY);
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("allow_plaintext_secrets is on"));
    }

    @Test
    void duplicateModelNamesFormOneGroup() {
        GatehouseConfig config = load("""
                model_list:
                  - {model_name: pool, litellm_params: {model: mock/a}}
                  - {model_name: pool, litellm_params: {model: mock/b}}
                """, Map.of());
        assertThat(config.models()).hasSize(2);
        assertThat(config.modelNames()).containsExactly("pool");
    }

    @Test
    void nestedSlashesStayInTheUpstreamModelName() {
        GatehouseConfig config = load("""
                model_list:
                  - model_name: llama
                    litellm_params:
                      model: openai/meta-llama/Llama-3.1-8B-Instruct
                      api_base: http://127.0.0.1:8000/v1
                """, Map.of());
        assertThat(config.models().getFirst().upstreamModel()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    }
}
