package dev.gatehouse.app;

import dev.gatehouse.app.config.ServerConfig;
import dev.gatehouse.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engines (and the busy-poll default) exist twice: as names in the config package (which does not depend on the server) and as the server's
 * enum. A name only one side knows would be refused by the config or fail at start-up.
 */
class EngineNamesTest {
    @Test
    void theConfigAcceptsExactlyTheEnginesTheServerHas() {
        assertThat(ServerConfig.ENGINES).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ServerSettings.Engine.values()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void everyConfiguredNameStartsTheEngineOfThatName() {
        for (String name : ServerConfig.ENGINES) {
            assertThat(ListenerLauncher.engine(name).name()).isEqualToIgnoringCase(name);
        }
    }

    @Test
    void theDefaultsAgree() {
        assertThat(ServerConfig.ENGINES).contains(ServerConfig.DEFAULT_ENGINE);
        assertThat(ListenerLauncher.engine(ServerConfig.DEFAULT_ENGINE))
                .isEqualTo(new ServerSettings("127.0.0.1", 0, ServerSettings.DEFAULT_MAX_REQUEST_BYTES).engine());
    }

    @Test
    void theBusyPollDefaultsAndLimitsAgree() {
        assertThat(ServerConfig.DEFAULT_BUSY_POLL_MICROS).isEqualTo(ServerSettings.DEFAULT_BUSY_POLL_MICROS);
        assertThat(ServerConfig.MAX_BUSY_POLL_MICROS).isEqualTo(ServerSettings.MAX_BUSY_POLL_MICROS);
        assertThat(ServerConfig.defaults().busyPollMicros()).isEqualTo(ServerConfig.DEFAULT_BUSY_POLL_MICROS);
    }
}
