package dev.gatehouse.app;

import dev.gatehouse.app.config.ConfigException;
import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.NotFoundException;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.StreamEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process library API: no listener, no master key. */
class GatehouseTest {
    private static final String YAML = """
            general_settings:
              master_key: env:UNUSED_BUT_SET
            model_list:
              - model_name: mock-gpt
                litellm_params:
                  model: mock/mock-gpt
              - model_name: mock-embedding
                litellm_params:
                  model: mock/mock-embedding
            """;

    private static ChatRequest chat(String model, String text) {
        return new ChatRequest(model, List.of(Message.text(Role.USER, text)), null, null, null, null, false, false,
                null);
    }

    @Test
    void chatStreamEmbedAndModels() {
        try (Gatehouse gh = Gatehouse.fromYaml(YAML, Map.of("UNUSED_BUT_SET", "x"))) {
            assertThat(gh.models()).extracting(ModelInfo::id).containsExactly("mock-gpt", "mock-embedding");

            var response = gh.chat(chat("mock-gpt", "hello"));
            assertThat(response.choices().getFirst().message().textContent()).contains("You said: hello");

            List<StreamEvent> events = new ArrayList<>();
            try (EventStream stream = gh.stream(chat("mock-gpt", "hello"))) {
                for (StreamEvent e = stream.next(); e != null; e = stream.next()) {
                    events.add(e);
                }
            }
            assertThat(events.getFirst()).isInstanceOf(StreamEvent.Started.class);
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(StreamEvent.Finished.class));
            String text = events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                    .map(e -> ((StreamEvent.TextDelta) e).text()).reduce("", String::concat);
            assertThat(text).isEqualTo(response.choices().getFirst().message().textContent());

            var embedding = gh.embed(new EmbeddingRequest("mock-embedding", List.of("a", "b"), null, null, null, null,
                    null));
            assertThat(embedding.data()).hasSize(2);
            assertThat(gh.gateway()).isNotNull();
            assertThatThrownBy(() -> gh.chat(chat("gpt-9", "x"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void anEmptyConfigServesTheBuiltInMockModels() {
        try (Gatehouse gh = Gatehouse.fromYaml("", Map.of())) {
            assertThat(gh.models()).extracting(ModelInfo::id).containsExactly("mock-gpt", "mock-embedding");
            assertThat(gh.chat(chat("mock-gpt", "hi")).choices()).hasSize(1);
        }
    }

    @Test
    void fromConfigReadsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), YAML);
        try (Gatehouse gh = Gatehouse.fromConfig(file, Map.of("UNUSED_BUT_SET", "x"))) {
            assertThat(gh.config().source()).isEqualTo(file.toString());
            assertThat(gh.models()).hasSize(2);
        }
    }

    @Test
    void configErrorsAreThrown() {
        assertThatThrownBy(() -> Gatehouse.fromYaml("server:\n  prot: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:2: server.prot: unknown key 'prot' (did you mean 'port'?)");
    }
}
