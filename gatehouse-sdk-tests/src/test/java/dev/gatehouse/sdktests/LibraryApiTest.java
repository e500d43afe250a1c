package dev.gatehouse.sdktests;

import dev.gatehouse.app.Gatehouse;
import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.ToolDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process library API against the same replaying upstream: no listener, no master key. */
class LibraryApiTest {
    private static ReplayUpstream upstream;
    private static Gatehouse gatehouse;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ReplayUpstream();
        gatehouse = Gatehouse.fromYaml("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o-2024-08-06
                      api_base: %s
                      api_key: os.environ/LIB_OPENAI_KEY
                  - model_name: text-embedding-3-small
                    litellm_params:
                      model: openai/text-embedding-3-small
                      api_base: %s
                      api_key: os.environ/LIB_OPENAI_KEY
                """.formatted(upstream.baseUrl(), upstream.baseUrl()),
                Map.of("LIB_OPENAI_KEY", "sk-library-provider-key-123456"));
    }

    @AfterAll
    static void stop() {
        gatehouse.close();
        upstream.close();
    }

    private static ChatRequest ask(String text, List<ToolDefinition> tools) {
        return new ChatRequest("gpt-4o", List.of(Message.text(Role.USER, text)), null, tools, null, null, false, true,
                null);
    }

    @Test
    void chat() {
        var response = gatehouse.chat(ask("Describe the image", List.of()));
        assertThat(response.choices().getFirst().message().textContent())
                .startsWith("The image shows a wooden boardwalk");
        assertThat(response.usage().cachedTokens()).isEqualTo(1024);
        assertThat(upstream.received().getLast().authorization()).isEqualTo("Bearer sk-library-provider-key-123456");
    }

    @Test
    void streamWithToolCalls() {
        var tools = List.of(new ToolDefinition("get_weather", null, RawJson.of("{\"type\":\"object\"}"), null),
                new ToolDefinition("get_time", null, null, null));
        List<StreamEvent> events = new ArrayList<>();
        try (EventStream stream = gatehouse.stream(ask("Weather and time?", tools))) {
            for (StreamEvent e = stream.next(); e != null; e = stream.next()) {
                events.add(e);
            }
        }
        assertThat(events.getFirst()).isInstanceOf(StreamEvent.Started.class);
        StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
        List<String> names = new ArrayList<>();
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.ToolCallDelta d) {
                if (d.name() != null) {
                    names.add(d.name());
                }
                if (d.argumentsFragment() != null) {
                    args[d.index()].append(d.argumentsFragment());
                }
            }
        }
        assertThat(names).containsExactly("get_weather", "get_time");
        assertThat(args[0]).hasToString("{\"location\": \"Paris, France\"}");
        assertThat(args[1]).hasToString("{\"tz\": \"Europe/Paris\"}");
        assertThat(events).contains(new StreamEvent.Finished(0, FinishReason.TOOL_CALLS));
        assertThat(events).filteredOn(StreamEvent.UsageReported.class::isInstance).hasSize(1);
    }

    @Test
    void modelsAndEmbeddings() {
        assertThat(gatehouse.models()).extracting(ModelInfo::id).containsExactly("gpt-4o", "text-embedding-3-small");
        var response = gatehouse.embed(new EmbeddingRequest("text-embedding-3-small", List.of("a", "b"), null, null,
                null, null, null));
        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(1).vector()).containsExactly(0.0123456f, -0.0234567f, 0.0345678f, 0.0010203f);
    }
}
