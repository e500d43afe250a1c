package dev.gatehouse.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLocatorTest {

    @Test
    void optionThenEnvironmentThenWorkingDirectoryThenBuiltIn(@TempDir Path dir) throws Exception {
        Path option = Files.writeString(dir.resolve("option.yaml"), "# option\n");
        Path fromEnv = Files.writeString(dir.resolve("env.yaml"), "# env\n");
        Map<String, String> env = Map.of("GATEHOUSE_CONFIG", fromEnv.toString());

        assertThat(ConfigLocator.locate(option, env, dir).label()).isEqualTo(option.toString());
        assertThat(ConfigLocator.locate(null, env, dir).text()).isEqualTo("# env\n");
        assertThat(ConfigLocator.locate(null, Map.of(), dir).isBuiltIn()).isTrue();

        Files.writeString(dir.resolve("gatehouse.yaml"), "# local\n");
        ConfigSource local = ConfigLocator.locate(null, Map.of(), dir);
        assertThat(local.text()).isEqualTo("# local\n");
        assertThat(local.label()).isEqualTo(dir.resolve("gatehouse.yaml").toString());
        assertThat(ConfigLocator.locate(null, Map.of(), Path.of("")).label()).isIn("built-in defaults",
                "gatehouse.yaml");
    }
}
