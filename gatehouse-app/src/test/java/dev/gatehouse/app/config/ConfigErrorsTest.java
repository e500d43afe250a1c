package dev.gatehouse.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every error names the file, the line and the key path, and says what is wrong. */
class ConfigErrorsTest {

    private static List<String> errors(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(env, ConfigLoaderTest.PROVIDERS).load(ConfigSource.yaml("gatehouse.yaml",
                        yaml)));
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.errors().stream().map(ConfigError::format).toList();
    }

    private static List<String> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    @Test
    void unknownKeysAreRejectedWithASuggestion() {
        assertThat(errors("""
                server:
                  prot: 4000
                  hots: 0.0.0.0
                """)).containsExactly(
                "gatehouse.yaml:2: server.prot: unknown key 'prot' (did you mean 'port'?)",
                "gatehouse.yaml:3: server.hots: unknown key 'hots' (did you mean 'host'?)");
        assertThat(errors("""
                model_list:
                  - model_name: a
                    litellm_params:
                      model: openai/gpt-4o
                      api_kye: env:X
                """)).containsExactly(
                "gatehouse.yaml:5: model_list[0].litellm_params.api_kye: unknown key 'api_kye' (did you mean "
                        + "'api_key'?)");
        assertThat(errors("servers:\n  port: 1\n")).containsExactly(
                "gatehouse.yaml:1: servers: unknown key 'servers' (did you mean 'server'?)");
        assertThat(errors("master_key: env:X\n")).containsExactly(
                "gatehouse.yaml:1: master_key: unknown key 'master_key' here (it belongs under general_settings)");
        assertThat(errors("colour: blue\n")).containsExactly(
                "gatehouse.yaml:1: colour: unknown key 'colour'; expected one of server, general_settings, "
                        + "model_list");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertThat(errors("""
                server:
                  port: lots
                  max_request_bytes: 12
                general_settings:
                  auth: maybe
                model_list:
                  - model_name: a
                    litellm_params:
                      model: openai/gpt-4o
                  - model_name: b
                    litellm_params:
                      model: openai/gpt-4o
                      rpm: "lots"
                      tpm: [1, 2]
                """)).containsExactly(
                "gatehouse.yaml:14: model_list[1].litellm_params.tpm: expected a single value, got a list",
                "gatehouse.yaml:2: server.port: expected an integer, got \"lots\"",
                "gatehouse.yaml:3: server.max_request_bytes: must be between 1024 and 2147483639, got \"12\"",
                "gatehouse.yaml:5: general_settings.auth: expected true or false, got \"maybe\"",
                "gatehouse.yaml:13: model_list[1].litellm_params.rpm: expected an integer, got \"lots\"");
        assertThat(errors("server:\n  engine: reactor\n  event_loops: -1\n  busy_poll_us: 20000\n")).containsExactly(
                "gatehouse.yaml:2: server.engine: expected one of loop, threads, got \"reactor\"",
                "gatehouse.yaml:3: server.event_loops: must be between 0 and 256, got \"-1\"",
                "gatehouse.yaml:4: server.busy_poll_us: must be between 0 and 10000, got \"20000\"");
        assertThat(errors("server:\n  port: 70000\n")).containsExactly(
                "gatehouse.yaml:2: server.port: must be between 0 and 65535, got \"70000\"");
        assertThat(errors("server: 4000\n")).containsExactly(
                "gatehouse.yaml:1: server: expected a mapping, got a scalar");
        assertThat(errors("model_list:\n  model_name: a\n")).containsExactly(
                "gatehouse.yaml:2: model_list: expected a list of models, got a mapping");
        assertThat(errors("- a\n- b\n")).containsExactly(
                "gatehouse.yaml:1: expected a mapping of sections (server, general_settings, model_list), got a list");
    }

    @Test
    void unknownProvidersListTheKnownOnes() {
        assertThat(errors("""
                model_list:
                  - model_name: claude
                    litellm_params:
                      model: anthropic/claude-sonnet-4
                """)).containsExactly(
                "gatehouse.yaml:4: model_list[0].litellm_params.model: unknown provider 'anthropic' in "
                        + "\"anthropic/claude-sonnet-4\"; known providers: mock, openai");
    }

    @Test
    void missingRequiredKeys() {
        assertThat(errors("""
                model_list:
                  - model_name: a
                  - litellm_params:
                      api_base: https://example.com/v1
                """)).containsExactly(
                "gatehouse.yaml:2: model_list[0].litellm_params: missing (required)",
                "gatehouse.yaml:3: model_list[1].model_name: missing (required)",
                "gatehouse.yaml:4: model_list[1].litellm_params.model: missing (required), e.g. openai/gpt-4o");
    }

    @Test
    void badUrlsAndHeaders() {
        assertThat(errors("""
                model_list:
                  - model_name: a
                    litellm_params:
                      model: openai/x
                      api_base: ftp://example.com
                      extra_headers:
                        "Bad Header": x
                  - model_name: b
                    litellm_params:
                      model: openai/x
                      api_base: https://user:hunter2secret@example.com/v1
                """)).containsExactly(
                "gatehouse.yaml:5: model_list[0].litellm_params.api_base: expected an http(s) URL such as "
                        + "https://api.openai.com/v1, got \"ftp://example.com\"",
                "gatehouse.yaml:7: model_list[0].litellm_params.extra_headers.Bad Header: not a valid HTTP header name",
                "gatehouse.yaml:11: model_list[1].litellm_params.api_base: must not contain credentials "
                        + "(user:password@); use api_key");
    }

    @Test
    void unresolvableEnvironmentReference() {
        assertThat(errors("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: os.environ/OPENAI_API_KEY
                general_settings:
                  master_key: env:GH_TEST_KEY
                """, Map.of("GH_TEST_KEY", "  "))).containsExactly(
                "gatehouse.yaml:7: general_settings.master_key: env:GH_TEST_KEY: environment variable "
                        + "GH_TEST_KEY is empty",
                "gatehouse.yaml:5: model_list[0].litellm_params.api_key: os.environ/OPENAI_API_KEY: environment "
                        + "variable OPENAI_API_KEY is not set");
    }

    @Test
    void missingFileReference(@TempDir Path dir) {
        Path missing = dir.resolve("nope.key");
        assertThat(errors("""
                general_settings:
                  master_key: file:%s
                """.formatted(missing))).containsExactly(
                "gatehouse.yaml:2: general_settings.master_key: file:" + missing + ": file not found");
    }

    @Test
    void plaintextSecretsAreRefused() {
        assertThat(errors("""
                general_settings:
                  master_key: gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz
                model_list:
                  - model_name: a
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: sk-proj-abcdef0123456789
                """)).containsExactly(
                "gatehouse.yaml:2: general_settings.master_key: a plaintext secret is not allowed in a config file; "
                        + "put it in an environment variable and write env:NAME (supported references: env:NAME, "
                        + "os.environ/NAME, file:/path), or set general_settings.allow_plaintext_secrets: true",
                "gatehouse.yaml:7: model_list[0].litellm_params.api_key: a plaintext secret is not allowed in a "
                        + "config file; put it in an environment variable and write env:NAME (supported references: "
                        + "env:NAME, os.environ/NAME, file:/path), or set general_settings.allow_plaintext_secrets: "
                        + "true");
    }

    @Test
    void unsupportedSecretSchemesListTheSupportedOnes() {
        assertThat(errors("""
                general_settings:
                  master_key: vault:secret/data/gatehouse#master
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o, api_key: "abc:def123"}
                """)).containsExactly(
                "gatehouse.yaml:2: general_settings.master_key: vault: secret references are not supported yet; "
                        + "supported: env:NAME, os.environ/NAME, file:/path",
                "gatehouse.yaml:5: model_list[0].litellm_params.api_key: not a supported secret reference (the part "
                        + "before ':' is not a known scheme); supported: env:NAME, os.environ/NAME, file:/path");
    }

    @Test
    void malformedYamlNamesTheLineWithoutQuotingIt() {
        List<String> errors = errors("""
                general_settings:
                  master_key: env:X
                  allow_plaintext_secrets: true
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/x, api_key: sk-live-SECRETVALUE
                """);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst()).startsWith("gatehouse.yaml:7: malformed YAML: ")
                .doesNotContain("SECRETVALUE");
        assertThat(errors("server:\n  port: 1\n   host: x\n")).singleElement().asString()
                .startsWith("gatehouse.yaml:3: malformed YAML: mapping values are not allowed here");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(errors("server:\n  port: 1\n  port: 2\n")).containsExactly(
                "gatehouse.yaml:3: server.port: duplicate key (first given at line 2)");
    }

    @Test
    void paramsAndLitellmParamsTogetherAreAmbiguous() {
        assertThat(errors("""
                model_list:
                  - model_name: a
                    litellm_params: {model: mock/a}
                    params: {model: mock/b}
                """)).containsExactly(
                "gatehouse.yaml:4: model_list[0].params: give either litellm_params or params, not both");
    }

    @Test
    void missingConfigFilesAreNamed(@TempDir Path dir) {
        Path missing = dir.resolve("gatehouse.yaml");
        assertThatThrownBy(() -> ConfigSource.file(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": config file not found: " + missing);
        assertThatThrownBy(() -> ConfigLocator.locate(null, Map.of("GATEHOUSE_CONFIG", missing.toString()), dir))
                .hasMessage("environment variable GATEHOUSE_CONFIG: config file not found: " + missing);
        assertThatThrownBy(() -> ConfigLocator.locate(missing, Map.of(), dir))
                .hasMessage("option --config: config file not found: " + missing);
    }
}
