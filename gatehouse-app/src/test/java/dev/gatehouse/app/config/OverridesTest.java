package dev.gatehouse.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverridesTest {
    private static final String YAML = """
            server:
              host: 127.0.0.1
              port: 4000
            general_settings:
              auth: true
            """;

    private static GatehouseConfig load(Map<String, String> env, CommandLineOverrides options) {
        return new ConfigLoader(env, ConfigLoaderTest.PROVIDERS).load(ConfigSource.yaml("gatehouse.yaml", YAML),
                options);
    }

    private static GatehouseConfig load(Map<String, String> env) {
        return load(env, CommandLineOverrides.NONE);
    }

    @Test
    void everyScalarSettingHasAFullEnvironmentName() {
        GatehouseConfig config = load(Map.of(
                "GATEHOUSE_SERVER_HOST", "0.0.0.0",
                "GATEHOUSE_SERVER_PORT", "5000",
                "GATEHOUSE_SERVER_MAX_REQUEST_BYTES", "2048",
                "GATEHOUSE_SERVER_DATA_DIR", "/tmp/gh",
                "GATEHOUSE_GENERAL_SETTINGS_MASTER_KEY", ConfigLoaderTest.MASTER,
                "GATEHOUSE_GENERAL_SETTINGS_AUTH", "false",
                "GATEHOUSE_GENERAL_SETTINGS_ACCESS_LOG", "FALSE",
                "GATEHOUSE_GENERAL_SETTINGS_ALLOW_PLAINTEXT_SECRETS", "true"));
        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 5000, 2048, Path.of("/tmp/gh")));
        assertThat(config.general().masterKey().reveal()).isEqualTo(ConfigLoaderTest.MASTER);
        assertThat(config.general().masterKeyOrigin().describe())
                .isEqualTo("environment variable GATEHOUSE_GENERAL_SETTINGS_MASTER_KEY");
        assertThat(config.general().auth()).isFalse();
        assertThat(config.general().accessLog()).isFalse();
        assertThat(config.general().allowPlaintextSecrets()).isTrue();
    }

    @Test
    void shortAliasesAndTheirPrecedence() {
        GatehouseConfig config = load(Map.of("GATEHOUSE_PORT", "5001", "GATEHOUSE_HOST", "::",
                "GATEHOUSE_DATA_DIR", "/data"));
        assertThat(config.server().port()).isEqualTo(5001);
        assertThat(config.server().host()).isEqualTo("::");
        assertThat(config.server().dataDir()).isEqualTo(Path.of("/data"));
        // The full name wins over the alias; the command line wins over both; empty variables are unset.
        assertThat(load(Map.of("GATEHOUSE_PORT", "5001", "GATEHOUSE_SERVER_PORT", "5002")).server().port())
                .isEqualTo(5002);
        assertThat(load(Map.of("GATEHOUSE_PORT", "5001"), new CommandLineOverrides("0.0.0.0", 5003,
                Path.of("d"))).server()).isEqualTo(new ServerConfig("0.0.0.0", 5003, 16777216, Path.of("d")));
        assertThat(load(Map.of("GATEHOUSE_PORT", "")).server().port()).isEqualTo(4000);
    }

    @Test
    void masterKeyFromTheEnvironmentIsTheKeyItselfOrAReference() {
        assertThat(load(Map.of("GATEHOUSE_MASTER_KEY", ConfigLoaderTest.MASTER)).general().masterKey().reveal())
                .isEqualTo(ConfigLoaderTest.MASTER);
        GatehouseConfig viaRef = load(Map.of("GATEHOUSE_MASTER_KEY", "env:OTHER", "OTHER", ConfigLoaderTest.MASTER));
        assertThat(viaRef.general().masterKey().reveal()).isEqualTo(ConfigLoaderTest.MASTER);
        assertThat(viaRef.general().masterKeyOrigin().describe()).isEqualTo("environment variable GATEHOUSE_MASTER_KEY");
        assertThatThrownBy(() -> load(Map.of("GATEHOUSE_MASTER_KEY", "env:UNSET_VARIABLE")))
                .hasMessage("environment variable GATEHOUSE_MASTER_KEY (general_settings.master_key): "
                        + "env:UNSET_VARIABLE: environment variable UNSET_VARIABLE is not set");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> load(Map.of("GATEHOUSE_SERVER_PORT", "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable GATEHOUSE_SERVER_PORT (server.port): expected an integer, got "
                        + "\"http\"");
        assertThatThrownBy(() -> load(Map.of("GATEHOUSE_PORT", "-1", "GATEHOUSE_GENERAL_SETTINGS_AUTH", "no")))
                .hasMessage("environment variable GATEHOUSE_PORT (server.port): must be between 0 and 65535, got "
                        + "\"-1\"\n"
                        + "environment variable GATEHOUSE_GENERAL_SETTINGS_AUTH (general_settings.auth): expected "
                        + "true or false, got \"no\"");
        assertThatThrownBy(() -> load(Map.of(), new CommandLineOverrides("bad host!", 99999, null)))
                .hasMessage("option --host (server.host): expected a host name or IP address, got \"bad host!\"\n"
                        + "option --port (server.port): must be between 0 and 65535, got \"99999\"");
    }

    @Test
    void misspeltVariablesAreReported() {
        assertThat(load(Map.of("GATEHOUSE_SERVER_PROT", "5000", "GATEHOUSE_COLOUR", "blue")).warnings())
                .containsExactly(
                        "environment variable GATEHOUSE_COLOUR is not a Gatehouse setting; ignored",
                        "environment variable GATEHOUSE_SERVER_PROT is not a Gatehouse setting (did you mean "
                                + "GATEHOUSE_SERVER_PORT?); ignored");
    }

    @Test
    void theLaunchersOwnVariablesAreNotReported() {
        assertThat(load(Map.of("GATEHOUSE_JAR", "/opt/gatehouse/gatehouse.jar", "GATEHOUSE_JAVA_OPTS", "-Xmx1g",
                "GATEHOUSE_LOG_FORMAT", "text")).warnings()).isEmpty();
    }

    @Test
    void settingNames() {
        assertThat(Setting.PORT.envName()).isEqualTo("GATEHOUSE_SERVER_PORT");
        assertThat(Setting.MASTER_KEY.envName()).isEqualTo("GATEHOUSE_GENERAL_SETTINGS_MASTER_KEY");
        assertThat(Setting.MASTER_KEY.envAlias()).isEqualTo("GATEHOUSE_MASTER_KEY");
        assertThat(Setting.DATA_DIR.path()).isEqualTo("server.data_dir");
    }
}
