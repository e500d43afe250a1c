package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.auth.MasterKeyAuthenticator;
import dev.gatehouse.core.route.DeploymentSpec;
import dev.gatehouse.spi.Secret;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.gatehouse.server.TestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs on every engine: they answer the same way. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerSettings.Engine.class)
class GatewayServerTest {
    @Parameter
    ServerSettings.Engine engine;

    static final String KEY = TestClient.randomKey();
    static final int LIMIT = 1024;
    static final String HELLO = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    static GatewayServer server;
    static Gateway gateway;
    static TestClient client;

    @BeforeParameterizedClassInvocation
    static void start(ServerSettings.Engine engine) {
        gateway = Gateway.builder()
                .deployments(List.of(new DeploymentSpec("mock-gpt", "mock", "mock-gpt", null, null, null, null, null,
                        null), new DeploymentSpec("line-break", "mock", "mock-gpt\r\nx-injected: yes", null, null,
                        null, null, null, null)))
                .authenticator(new MasterKeyAuthenticator(Secret.of(KEY)))
                .accessLog(false)
                .build();
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0, LIMIT, engine, 0), gateway);
        client = new TestClient(server.port(), KEY);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    // ---- happy paths ----

    @Test
    void aDeploymentNameThatIsNotAPlainHeaderValueIsLeftOutOfTheResponseHead() {
        for (boolean stream : new boolean[] {false, true}) {
            var r = client.post("/v1/chat/completions",
                    "{\"model\":\"line-break\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-injected")).isNull();
            assertThat(r.header("x-gatehouse-deployment")).isNull();
        }
        assertThat(HttpHeaders.isPlainValue("openai/gpt-4o mini\t\u00e9")).isTrue();
        assertThat(HttpHeaders.isPlainValue("a\nb")).isFalse();
        assertThat(HttpHeaders.isPlainValue("a\u007fb")).isFalse();
        assertThat(HttpHeaders.isPlainValue("a\u0100b")).isFalse();
    }

    @Test
    void chatCompletion() {
        var r = client.post("/v1/chat/completions", HELLO);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.header("x-gatehouse-deployment")).isEqualTo("mock/mock-gpt");
        assertThat(r.header("x-request-id")).matches("[0-9a-f]{24}");
        JsonNode json = r.json();
        assertThat(json.get("object").asText()).isEqualTo("chat.completion");
        assertThat(json.get("id").asText()).isNotBlank();
        assertThat(json.get("model").asText()).isEqualTo("mock-gpt");
        JsonNode choice = json.get("choices").get(0);
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).endsWith("You said: hello");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(json.get("usage").get("total_tokens").asLong()).isPositive();
    }

    @Test
    void pathsWithoutTheV1Prefix() {
        assertThat(client.post("/chat/completions", HELLO).status()).isEqualTo(200);
        assertThat(client.post("/embeddings", "{\"model\":\"mock-gpt\",\"input\":\"x\"}").status()).isEqualTo(200);
        assertThat(client.get("/models").status()).isEqualTo(200);
        assertThat(client.get("/models/mock-gpt").status()).isEqualTo(200);
    }

    @Test
    void anyContentTypeIsReadAsJson() {
        // curl -d sends application/x-www-form-urlencoded
        var r = client.send(client.request("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)));
        assertThat(r.status()).isEqualTo(200);
        var none = client.send(client.request("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)));
        assertThat(none.status()).isEqualTo(200);
    }

    @Test
    void xApiKeyIsAcceptedToo() {
        var r = client.send(client.request("/v1/chat/completions").header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void safeRequestIdsAreEchoedOthersReplaced() {
        var kept = client.send(client.request("/v1/models").header("Authorization", "Bearer " + KEY)
                .header("x-request-id", "trace-A1_b.2").GET());
        assertThat(kept.header("x-request-id")).isEqualTo("trace-A1_b.2");
        for (String unsafe : List.of("a b", "x".repeat(65), "<script>", "id\u00e9")) {
            var replaced = client.send(client.request("/v1/models").header("Authorization", "Bearer " + KEY)
                    .header("x-request-id", unsafe).GET());
            assertThat(replaced.header("x-request-id")).matches("[0-9a-f]{24}");
        }
        var error = client.send(client.request("/v1/nothing").header("x-request-id", "err-1").GET());
        assertThat(error.header("x-request-id")).isEqualTo("err-1");
        assertThat(client.get("/v1/models").header("x-request-id"))
                .isNotEqualTo(client.get("/v1/models").header("x-request-id"));
    }

    @Test
    void streamedChatCompletionWithUsage() {
        var r = client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/event-stream");
        assertThat(r.header("cache-control")).isEqualTo("no-cache");
        assertThat(r.header("x-gatehouse-deployment")).isEqualTo("mock/mock-gpt");
        List<String> events = r.events();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode first = TestClient.MAPPER.valueToTree(parse(events.getFirst()));
        assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String event : events.subList(1, events.size() - 2)) {
            JsonNode choice = parse(event).get("choices").get(0);
            assertThat(choice.get("delta").has("role")).isFalse();
            if (choice.get("delta").has("content")) {
                text.append(choice.get("delta").get("content").asText());
            }
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(text.toString()).endsWith("You said: hi there");
        assertThat(finish).isEqualTo("stop");
        JsonNode usage = parse(events.get(events.size() - 2));
        assertThat(usage.get("choices").size()).isZero();
        assertThat(usage.get("usage").get("completion_tokens").asLong()).isPositive();
    }

    @Test
    void streamWithoutUsageHasNoUsageChunk() {
        var r = client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        List<String> events = r.events();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(r.body()).doesNotContain("\"usage\"");
        assertThat(parse(events.get(events.size() - 2)).get("choices").get(0).get("finish_reason").asText())
                .isEqualTo("stop");
    }

    @Test
    void streamedToolCall() {
        var r = client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"stream\":true,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"find it\"}]}");
        List<String> events = r.events();
        JsonNode call = parse(events.get(1)).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertThat(call.get("index").asInt()).isZero();
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.get("function").get("name").asText()).isEqualTo("lookup");
        JsonNode args = parse(events.get(2)).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertThat(args.get("index").asInt()).isZero();
        assertThat(args.get("function").get("arguments").asText()).isEqualTo("{}");
        assertThat(parse(events.get(3)).get("choices").get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void embeddings() {
        var r = client.post("/v1/embeddings", "{\"model\":\"mock-gpt\",\"input\":[\"a\",\"b\"],\"dimensions\":8}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-gatehouse-deployment")).isEqualTo("mock/mock-gpt");
        JsonNode json = r.json();
        assertThat(json.get("object").asText()).isEqualTo("list");
        assertThat(json.get("data")).hasSize(2);
        assertThat(json.get("data").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(json.get("data").get(0).get("embedding")).hasSize(8);
        assertThat(json.get("usage").get("prompt_tokens").asLong()).isPositive();
        var base64 = client.post("/v1/embeddings", "{\"model\":\"mock-gpt\",\"input\":\"a\","
                + "\"encoding_format\":\"base64\"}");
        assertThat(base64.json().get("data").get(0).get("embedding").isTextual()).isTrue();
    }

    @Test
    void aTakenPortIsAnErrorNotASilentlyStoppedServer() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayServer.start(
                        new ServerSettings("127.0.0.1", server.port(), LIMIT, engine, 0), gateway))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasCauseInstanceOf(java.net.BindException.class)
                .hasMessageContaining(String.valueOf(server.port()));
        assertThat(client.get("/v1/models").status()).isEqualTo(200);
    }

    @Test
    void unauthenticatedCallersGet401BeforeTheirBodyIsRead() {
        var garbage = client.send(client.request("/v1/chat/completions")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json")));
        assertError(garbage, 401, "authentication_error", "missing_api_key", null);
        var wrongKey = client.send(client.request("/v1/embeddings").header("Authorization", "Bearer gh-wrong-"
                + TestClient.randomKey()).POST(java.net.http.HttpRequest.BodyPublishers.ofString("[1,2,3]")));
        assertError(wrongKey, 401, "authentication_error", "invalid_api_key", null);
    }

    @Test
    void models() {
        var list = client.get("/v1/models");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("object").asText()).isEqualTo("list");
        JsonNode model = list.json().get("data").get(0);
        assertThat(model.get("id").asText()).isEqualTo("mock-gpt");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.has("created")).isTrue();
        assertThat(model.has("owned_by")).isTrue();
        var one = client.get("/v1/models/mock-gpt");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("id").asText()).isEqualTo("mock-gpt");
        assertError(client.get("/v1/models/gpt-404"), 404, "invalid_request_error", "model_not_found", "model");
        assertError(client.send(client.request("/v1/models").GET()), 401, "authentication_error", "missing_api_key",
                null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/liveliness", "/health/liveness", "/health/readiness"})
    void healthProbesNeedNoKeyAndRevealNothing(String path) {
        var r = client.send(client.request(path).GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(r.json().size()).isEqualTo(1);
        String everything = r.body() + r.headers().map();
        assertThat(everything.toLowerCase()).doesNotContain("mock", "gpt", "helidon", "gatehouse", "version", KEY);
    }

    // ---- bad input: one test each ----

    @Test
    void malformedJson() {
        var error = assertError(client.post("/v1/chat/completions", "{\"model\": \"mock-gpt\", "),
                400, "invalid_request_error", null, null);
        assertThat(error.get("message").asText()).startsWith("We could not parse the JSON body of your request.");
    }

    @Test
    void wrongType() {
        var error = assertError(client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"temperature\":\"hot\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request_error", "invalid_type",
                "temperature");
        assertThat(error.get("message").asText())
                .isEqualTo("Invalid type for 'temperature': expected a decimal, but got a string instead.");
    }

    @Test
    void invalidRole() {
        assertError(client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"a\"},{\"role\":\"robot\",\"content\":\"b\"}]}"), 400, "invalid_request_error",
                "invalid_value", "messages[1].role");
    }

    @Test
    void missingMessages() {
        assertError(client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\"}"), 400, "invalid_request_error",
                "missing_required_parameter", "messages");
    }

    @Test
    void emptyModel() {
        assertError(client.post("/v1/chat/completions", "{\"model\":\"\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}"), 400, "invalid_request_error", "empty_string", "model");
    }

    @Test
    void emptyBody() {
        assertError(client.post("/v1/chat/completions", ""), 400, "invalid_request_error", null, null);
    }

    @Test
    void unknownModel() {
        var error = assertError(client.post("/v1/chat/completions", HELLO.replace("mock-gpt", "gpt-9")), 404,
                "invalid_request_error", "model_not_found", "model");
        assertThat(error.get("message").asText()).contains("gpt-9");
        assertError(client.post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}"), 404,
                "invalid_request_error", "model_not_found", "model");
    }

    @Test
    void missingKey() {
        assertError(client.send(client.request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(HELLO))),
                401, "authentication_error", "missing_api_key", null);
    }

    @Test
    void wrongKey() {
        String wrong = TestClient.randomKey();
        var r = client.send(client.request("/v1/chat/completions").header("Authorization", "Bearer " + wrong)
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)));
        assertError(r, 401, "authentication_error", "invalid_api_key", null);
        assertThat(r.body()).doesNotContain(wrong);
        var basic = client.send(client.request("/v1/chat/completions").header("Authorization", "Basic abc")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)));
        assertError(basic, 401, "authentication_error", "missing_api_key", null);
    }

    @Test
    void wrongMethod() {
        var r = client.get("/v1/chat/completions");
        assertError(r, 405, "invalid_request_error", "method_not_allowed", null);
        assertThat(r.header("allow")).isEqualTo("POST");
        var models = client.post("/v1/models", "{}");
        assertError(models, 405, "invalid_request_error", "method_not_allowed", null);
        assertThat(models.header("allow")).isEqualTo("GET");
        var health = client.send(client.request("/health/readiness").DELETE());
        assertError(health, 405, "invalid_request_error", "method_not_allowed", null);
    }

    @Test
    void unknownRoute() {
        assertError(client.get("/v1/completions/legacy"), 404, "not_found_error", "route_not_found", null);
        assertError(client.send(client.request("/").GET()), 404, "not_found_error", "route_not_found", null);
        assertError(client.get("/v1/models/"), 404, "not_found_error", "route_not_found", null);
    }

    @Test
    void forbiddenApiBase() {
        var error = assertError(client.post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}],\"api_base\":\"http://169.254.169.254/latest\"}"), 400,
                "invalid_request_error", "forbidden_parameter", "api_base");
        assertThat(error.get("message").asText()).doesNotContain("169.254");
    }

    @Test
    void bodyOverTheLimitWithContentLength() {
        String big = HELLO.replace("hello", "h".repeat(2 * LIMIT));
        var r = client.post("/v1/chat/completions", big);
        assertError(r, 413, "invalid_request_error", "request_too_large", null);
        // the server stays healthy
        assertThat(client.post("/v1/chat/completions", HELLO).status()).isEqualTo(200);
    }

    @Test
    void chunkedBodyOverTheLimit() {
        byte[] big = HELLO.replace("hello", "h".repeat(2 * LIMIT)).getBytes(StandardCharsets.UTF_8);
        var r = client.send(client.request("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertError(r, 413, "invalid_request_error", "request_too_large", null);
        assertThat(client.post("/v1/chat/completions", HELLO).status()).isEqualTo(200);
    }

    @Test
    void chunkedBodyUnderTheLimitIsAccepted() {
        byte[] body = HELLO.getBytes(StandardCharsets.UTF_8);
        var r = client.send(client.request("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(r.status()).isEqualTo(200);
    }

    // ---- helpers ----

    static JsonNode parse(String json) {
        try {
            return TestClient.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
