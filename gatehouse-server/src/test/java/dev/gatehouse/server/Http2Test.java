package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.auth.MasterKeyAuthenticator;
import dev.gatehouse.core.route.DeploymentSpec;
import dev.gatehouse.spi.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same API over h2c (HTTP/2 reached by upgrading a cleartext HTTP/1.1 connection). */
class Http2Test {
    static final String KEY = TestClient.randomKey();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String HELLO = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    static GatewayServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Gateway gateway = Gateway.builder()
                .deployments(List.of(new DeploymentSpec("mock-gpt", "mock", "mock-gpt", null, null, null, null, null,
                        null)))
                .authenticator(new MasterKeyAuthenticator(Secret.of(KEY)))
                .accessLog(false)
                .build();
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0, 1024, ServerSettings.Engine.THREADS, 0), gateway);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5))
                .build();
        // A request without a body upgrades the connection; the following ones use HTTP/2.
        HttpResponse<String> upgrade = send(request("/v1/models").GET());
        assertThat(upgrade.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = client.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.body()).doesNotContain(KEY);
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        return response;
    }

    @Test
    void chatOverHttp2() throws Exception {
        var r = send(request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(HELLO)));
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(r.body()).get("choices").get(0).get("message").get("content").asText())
                .endsWith("You said: hello");
    }

    @Test
    void streamOverHttp2() throws Exception {
        var r = send(request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"mock-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        assertThat(r.body()).startsWith("data: {").endsWith("data: [DONE]\n\n");
    }

    @Test
    void errorsOverHttp2() throws Exception {
        var r = send(request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString("{oops")));
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        var unknown = send(request("/nowhere").GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(unknown.body()).get("error").get("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void bodyLimitOverHttp2() throws Exception {
        byte[] big = HELLO.replace("hello", "h".repeat(4096)).getBytes(StandardCharsets.UTF_8);
        var sized = send(request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(MAPPER.readTree(sized.body()).get("error").get("code").asText()).isEqualTo("request_too_large");
        var streamed = send(request("/v1/chat/completions").POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(MAPPER.readTree(streamed.body()).get("error").get("code").asText()).isEqualTo("request_too_large");
    }
}
