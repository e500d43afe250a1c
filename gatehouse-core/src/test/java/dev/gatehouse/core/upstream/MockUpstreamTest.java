package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.GenerationParams;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockUpstreamTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private final MockUpstream mock = new MockUpstream(clock);

    private static ChatRequest request(String text, boolean stream) {
        return new ChatRequest("mock-gpt", List.of(Message.text(Role.SYSTEM, "be brief"), Message.text(Role.USER, text)),
                null, null, null, null, stream, true, null);
    }

    @Test
    void repliesDeterministicallyQuotingTheUser() {
        var response = mock.chat(request("Hello there", false));
        assertThat(response.created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
        assertThat(response.choices()).hasSize(1);
        assertThat(response.choices().getFirst().message().textContent())
                .isEqualTo("This is a mock response from Gatehouse. You said: Hello there");
        assertThat(response.choices().getFirst().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage().totalTokens())
                .isEqualTo(response.usage().promptTokens() + response.usage().completionTokens());
        assertThat(mock.chat(request("Hello there", false)).choices()).isEqualTo(response.choices());
    }

    @Test
    void streamAssemblesToTheSameTextAsTheSyncReply() {
        List<StreamEvent> events = drain(mock.stream(request("Stream me", true)));
        assertThat(events.getFirst()).isInstanceOf(StreamEvent.Started.class);
        StringBuilder text = new StringBuilder();
        events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .forEach(e -> text.append(((StreamEvent.TextDelta) e).text()));
        assertThat(text.toString()).isEqualTo(mock.chat(request("Stream me", false)).choices().getFirst().message()
                .textContent());
        assertThat(events).filteredOn(StreamEvent.Finished.class::isInstance).hasSize(1);
        assertThat(events.getLast()).isInstanceOf(StreamEvent.UsageReported.class);
    }

    @Test
    void mockResponseFieldOverridesTheReply() {
        var request = new ChatRequest("m", List.of(Message.text(Role.USER, "x")), null, null, null, null, false, false,
                Map.of("mock_response", RawJson.of("\"Hi \\\"you\\\"\\n\"")));
        assertThat(mock.chat(request).choices().getFirst().message().textContent()).isEqualTo("Hi \"you\"\n");
    }

    @Test
    void maxTokensTruncatesWithLengthFinish() {
        var params = new GenerationParams(null, null, 3, null, null, null, null, null, null, null, null, null, null,
                null);
        var request = new ChatRequest("m", List.of(Message.text(Role.USER, "x")), params, null, null, null, false,
                false, null);
        var choice = mock.chat(request).choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(choice.message().textContent()).isEqualTo("This is a");
    }

    @Test
    void offeredToolsAreCalled() {
        var tools = List.of(new ToolDefinition("get_weather", "Weather", RawJson.of("{\"type\":\"object\"}"), null),
                new ToolDefinition("get_time", null, null, null));
        var request = new ChatRequest("m", List.of(Message.text(Role.USER, "weather?")), null, tools,
                RawJson.of("{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"), null, false, false, null);
        var choice = mock.chat(request).choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(choice.message().toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("get_time");
            assertThat(call.arguments()).isEqualTo("{}");
        });
        var none = new ChatRequest("m", request.messages(), null, tools, RawJson.of("\"none\""), null, false, false,
                null);
        assertThat(mock.chat(none).choices().getFirst().message().toolCalls()).isEmpty();
    }

    @Test
    void embeddingsAreDeterministicUnitVectors() {
        var request = new EmbeddingRequest("e", List.of("alpha", "beta"), null, null, 64, null, null);
        var first = mock.embed(request);
        var second = mock.embed(request);
        assertThat(first.data()).hasSize(2);
        assertThat(first.data().get(0).vector()).hasSize(64).containsExactly(second.data().get(0).vector());
        assertThat(first.data().get(0).vector()).isNotEqualTo(first.data().get(1).vector());
        double norm = 0;
        for (float f : first.data().get(0).vector()) {
            norm += f * f;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void base64EmbeddingsDecodeToTheFloatVector() {
        var floats = mock.embed(new EmbeddingRequest("e", List.of("x"), null, null, 8, null, null));
        var b64 = mock.embed(new EmbeddingRequest("e", List.of("x"), null, "base64", 8, null, null));
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(b64.data().getFirst().base64()))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[8];
        for (int i = 0; i < 8; i++) {
            decoded[i] = buffer.getFloat();
        }
        assertThat(decoded).containsExactly(floats.data().getFirst().vector());
    }

    @Test
    void absurdDimensionsAreABadRequest() {
        assertThatThrownBy(() -> mock.embed(new EmbeddingRequest("e", List.of("x"), null, null, 0, null, null)))
                .isInstanceOf(InvalidRequestException.class);
    }

    static List<StreamEvent> drain(EventStream stream) {
        List<StreamEvent> events = new ArrayList<>();
        try (stream) {
            for (StreamEvent e = stream.next(); e != null; e = stream.next()) {
                events.add(e);
            }
        }
        return events;
    }
}
