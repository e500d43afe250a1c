package dev.gatehouse.sdktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official openai-java client, as a black box, against a running gateway in front of a replaying upstream. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiSdkTest {
    private static ReplayUpstream upstream;
    private static RunningGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ReplayUpstream();
        gateway = RunningGateway.start(upstream.baseUrl());
        client = client(gateway.masterKey());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .apiKey(key)
                .baseUrl(gateway.baseUrl() + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
    }

    @Test
    void chatCompletionSync() {
        ChatCompletion completion = client.chat().completions().create(ask("gpt-4o", "Describe the image").build());

        assertThat(completion.id()).isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.message().content()).contains(
                    "The image shows a wooden boardwalk path running through a lush green field or meadow.");
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(1117);
            assertThat(usage.completionTokens()).isEqualTo(17);
            assertThat(usage.promptTokensDetails().flatMap(d -> d.cachedTokens())).contains(1024L);
            assertThat(usage.completionTokensDetails().flatMap(d -> d.acceptedPredictionTokens())).contains(0L);
        });
        assertThat(completion.serviceTier()).as("a provider field the gateway does not model is relayed")
                .contains(ChatCompletion.ServiceTier.DEFAULT);
        assertThat(completion.choices().getFirst().message().annotations()).hasValue(List.of());
        ReplayUpstream.Received sent = lastTo("/v1/chat/completions");
        assertThat(sent.authorization()).isEqualTo("Bearer " + RunningGateway.PROVIDER_KEY);
        assertThat(sent.body()).contains("\"model\":\"gpt-4o-2024-08-06\"").doesNotContain(gateway.masterKey());
    }

    @Test
    void chatStreamWithParallelToolCalls() {
        var weather = FunctionDefinition.builder().name("get_weather").description("Current weather")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                Map.of("type", "string"))))
                        .build())
                .build();
        var time = FunctionDefinition.builder().name("get_time").build();
        var params = ask("gpt-4o", "Weather and time in Paris?")
                .addFunctionTool(weather).addFunctionTool(time)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        var accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                accumulator.accumulate(chunk);
            });
        }

        assertThat(chunks.getFirst().choices().getFirst().delta().role())
                .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        ChatCompletion assembled = accumulator.chatCompletion();
        var message = assembled.choices().getFirst().message();
        assertThat(message.toolCalls()).hasValueSatisfying(calls -> {
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).asFunction().id()).isEqualTo("call_Dv0pmpH6Q1fQpa8Fbiw0hGbN");
            assertThat(calls.get(0).asFunction().function().name()).isEqualTo("get_weather");
            assertThat(calls.get(0).asFunction().function().arguments()).isEqualTo("{\"location\": \"Paris, France\"}");
            assertThat(calls.get(1).asFunction().function().name()).isEqualTo("get_time");
            assertThat(calls.get(1).asFunction().function().arguments()).isEqualTo("{\"tz\": \"Europe/Paris\"}");
        });
        assertThat(assembled.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(127));
        assertThat(lastTo("/v1/chat/completions").body()).contains("\"get_weather\"").contains("\"stream\":true");
    }

    @Test
    void aStreamedStructuredOutputRefusalReachesTheSdk() {
        var format = ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name("plan").strict(true)
                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("steps",
                                Map.of("type", "array", "items", Map.of("type", "string")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("steps")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build())
                .build()).build();
        var params = ask("gpt-4o", "Plan something harmful").responseFormat(format).build();

        var accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }

        var message = accumulator.chatCompletion().choices().getFirst().message();
        assertThat(message.refusal()).contains("I'm sorry, I can't assist with that request.");
        assertThat(message.content().orElse("")).isEmpty();
        assertThat(lastTo("/v1/chat/completions").body()).contains("\"response_format\"").contains("\"plan\"");
    }

    @Test
    void aLongPromptReachesTheProviderIntact() throws Exception {
        String document = ("Clause 7 \u201cDelivery\u201d: the Supplier\u2019s goods \"as ordered\" \\ on time;\n"
                + "\tM\u00fcnchen / Lyon, \u7d0d\u671f \ud83d\ude9a\n").repeat(400);
        var params = ChatCompletionCreateParams.builder().model("gpt-4o")
                .addSystemMessage("Quote the document exactly.")
                .addUserMessage(document)
                .addUserMessage("What does clause 7 say?")
                .build();

        client.chat().completions().create(params);

        JsonNode sent = new ObjectMapper().readTree(lastTo("/v1/chat/completions").body());
        assertThat(sent.at("/model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo(document);
        assertThat(sent.at("/messages/2/content").asText()).isEqualTo("What does clause 7 say?");
    }

    @Test
    void chatStreamFromTheMockProvider() {
        var accumulator = ChatCompletionAccumulator.create();
        try (var stream = client.chat().completions().createStreaming(ask("mock-gpt", "ping").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.chatCompletion().choices().getFirst().message().content())
                .contains("This is a mock response from Gatehouse. You said: ping");
    }

    @Test
    void modelsListsTheConfiguredNames() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains("gpt-4o", "text-embedding-3-small", "mock-gpt");
    }

    @Test
    void embeddings() {
        var response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .inputOfArrayOfStrings(List.of("first", "second"))
                .build());
        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding()).containsExactly(-0.006929283f, -0.005336422f, 0.0047132624f,
                -0.024047505f);
        assertThat(response.usage().promptTokens()).isEqualTo(8);
    }

    @Test
    void errorsComeBackAsTheSdkExpects() {
        assertThatThrownBy(() -> client.chat().completions().create(ask("no-such-model", "hi").build()))
                .isInstanceOf(NotFoundException.class);
        OpenAIClient wrong = client("gh-wrong-key-0000000000000000000000000000000");
        try {
            assertThatThrownBy(() -> wrong.chat().completions().create(ask("gpt-4o", "hi").build()))
                    .isInstanceOf(UnauthorizedException.class);
        } finally {
            wrong.close();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretReachedTheGatewaysOutput() {
        assertThat(gateway.output()).isNotEmpty();
        assertThat(String.join("\n", gateway.output()))
                .doesNotContain(gateway.masterKey())
                .doesNotContain(RunningGateway.PROVIDER_KEY);
    }

    private static ReplayUpstream.Received lastTo(String path) {
        return upstream.received().reversed().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }
}
