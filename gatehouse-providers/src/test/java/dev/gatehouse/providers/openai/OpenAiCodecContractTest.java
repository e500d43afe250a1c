package dev.gatehouse.providers.openai;

import dev.gatehouse.providers.ProviderCodecContract;
import dev.gatehouse.spi.ProviderCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class OpenAiCodecContractTest extends ProviderCodecContract {
    /** The instant the recorded 503 was served; its {@code retry-after} date is 30 seconds later. */
    static final Clock RECORDING_CLOCK = Clock.fixed(Instant.parse("2025-03-10T01:48:19Z"), ZoneOffset.UTC);

    private final OpenAiCodec codec = new OpenAiCodec(RECORDING_CLOCK);

    @Override
    protected ProviderCodec codec() {
        return codec;
    }

    @Override
    protected List<String> streamFixtures() {
        return List.of("stream-text.sse", "stream-tool-calls.sse", "stream-reasoning.sse", "stream-refusal.sse",
                "stream-error.sse");
    }

    @Override
    protected List<Equivalence> equivalences() {
        return List.of(new Equivalence("stream-text.sse", "chat-text.json"),
                new Equivalence("stream-tool-calls.sse", "chat-tool-calls.json"),
                new Equivalence("stream-reasoning.sse", "chat-reasoning.json"),
                new Equivalence("stream-refusal.sse", "chat-refusal.json"));
    }

    @Override
    protected List<String> syncFixtures() {
        return List.of("chat-text.json", "chat-tool-calls.json", "chat-logprobs.json", "chat-reasoning.json",
                "chat-refusal.json");
    }

    @Override
    protected List<ExpectedError> errorFixtures() {
        return List.of(
                new ExpectedError("error-401-invalid-api-key.http", "invalid_request_error", null, "invalid_api_key",
                        null),
                new ExpectedError("error-404-model-not-found.http", "invalid_request_error", null, "model_not_found",
                        null),
                new ExpectedError("error-429-rate-limit.http", "tokens", null, "rate_limit_exceeded",
                        Duration.ofMillis(1836)),
                new ExpectedError("error-400-context-length.http", "invalid_request_error", "messages",
                        "context_length_exceeded", null),
                new ExpectedError("error-500-server-error.http", "server_error", null, null, null),
                new ExpectedError("error-502-html.http", null, null, null, null),
                new ExpectedError("error-503-envoy-text.http", null, null, null, Duration.ofSeconds(30)),
                new ExpectedError("error-400-vllm.http", "BadRequestError", null, "400", null));
    }
}
