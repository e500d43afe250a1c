package dev.gatehouse.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private static final String MASTER = "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz";

    private static int run(TestConsole console, Map<String, String> env, Path dir, String... args) {
        return Main.commandLine(console.context(env, dir), new FakeLauncher()).execute(Main.withDefaultCommand(args));
    }

    @Test
    void configCheckPrintsOkForAValidConfig(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("g.yaml"), """
                general_settings:
                  master_key: env:MK
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: openai/gpt-4o, api_key: env:OPENAI_API_KEY, rpm: 10}
                """);
        TestConsole console = new TestConsole();
        int code = run(console, Map.of("MK", MASTER, "OPENAI_API_KEY", "sk-x"), dir, "config", "check", "--config",
                file.toString());
        assertThat(code).isZero();
        assertThat(console.out()).contains("OK: " + file + ": 1 deployment(s) serving gpt-4o")
                .contains("warning: " + file + ":5: model_list[].litellm_params.rpm is accepted but not enforced yet");
        assertThat(console.err()).isEmpty();
    }

    @Test
    void configCheckUsesTheBuiltInDefaultsWithoutAFile(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "config", "check")).isZero();
        assertThat(console.out()).contains("OK: built-in defaults: 2 deployment(s) serving mock-gpt, mock-embedding");
    }

    @Test
    void configCheckListsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gatehouse.yaml"), """
                server:
                  port: lots
                  hosst: x
                """);
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "config", "check")).isEqualTo(1);
        String file = dir.resolve("gatehouse.yaml").toString();
        assertThat(console.err()).isEqualTo("2 configuration errors:\n"
                + "  " + file + ":3: server.hosst: unknown key 'hosst' (did you mean 'host'?)\n"
                + "  " + file + ":2: server.port: expected an integer, got \"lots\"\n");
        assertThat(console.out()).isEmpty();
    }

    @Test
    void configCheckRejectsAWeakMasterKeyWithoutEchoingIt(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of("GATEHOUSE_MASTER_KEY", "sk-1234"), dir, "config", "check")).isEqualTo(1);
        assertThat(console.err()).contains("environment variable GATEHOUSE_MASTER_KEY (general_settings.master_key): "
                + "The master key is a well-known default value").doesNotContain("sk-1234");
    }

    @Test
    void configCheckOnAMissingFileExitsOne(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "config", "check", "--config", "nope.yaml")).isEqualTo(1);
        assertThat(console.err()).contains("option --config: config file not found: nope.yaml");
    }

    @Test
    void serveWithABrokenConfigExitsTwoWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gatehouse.yaml"), "server:\n  port: [1]\n");
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "serve")).isEqualTo(2);
        assertThat(console.err()).isEqualTo("Configuration error:\n  " + dir.resolve("gatehouse.yaml")
                + ":2: server.port: expected a single value, got a list\n");
    }

    @Test
    void badOptionsExitTwo(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "serve", "--port", "abc")).isEqualTo(2);
        assertThat(console.err()).contains("--port").contains("abc");
        assertThat(run(new TestConsole(), Map.of(), dir, "frobnicate")).isEqualTo(2);
        assertThat(run(new TestConsole(), Map.of(), dir, "config")).isEqualTo(2);
    }

    @Test
    void version(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "version")).isZero();
        assertThat(console.out()).startsWith("Gatehouse ").doesNotContain("unknown").contains("Java ");
        TestConsole flag = new TestConsole();
        assertThat(run(flag, Map.of(), dir, "--version")).isZero();
        assertThat(flag.out()).startsWith("Gatehouse ");
    }

    @Test
    void serveIsTheDefaultCommand() {
        assertThat(Main.withDefaultCommand(new String[0])).containsExactly("serve");
        assertThat(Main.withDefaultCommand(new String[] {"--port", "5000"})).containsExactly("serve", "--port",
                "5000");
        assertThat(Main.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
        assertThat(Main.withDefaultCommand(new String[] {"version"})).containsExactly("version");
    }

    @Test
    void helpListsOnlyRealCommands(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        assertThat(run(console, Map.of(), dir, "--help")).isZero();
        assertThat(console.out()).contains("serve").contains("config").contains("version")
                .doesNotContain("keys").doesNotContain("audit").doesNotContain("migrate");
    }
}
