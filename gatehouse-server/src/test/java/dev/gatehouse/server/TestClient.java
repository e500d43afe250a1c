package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An HTTP/1.1 client for one test server, checking on every response that the key never comes back. */
final class TestClient {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String key;

    TestClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** A strong random master key (48 characters). */
    static String randomKey() {
        byte[] bytes = new byte[33];
        new SecureRandom().nextBytes(bytes);
        return "gh-test-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 40);
    }

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The {@code data:} payloads of an event stream, in order. */
        List<String> events() {
            assertThat(body).endsWith("\n\n");
            List<String> out = new ArrayList<>();
            for (String frame : body.split("\n\n")) {
                assertThat(frame).startsWith("data: ");
                out.add(frame.substring(6));
            }
            return out;
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    /** POST with the key as a bearer token. */
    Response post(String path, String json) {
        return send(request(path).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response get(String path) {
        return send(request(path).header("Authorization", "Bearer " + key).GET());
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Response response = new Response(r.statusCode(), r.headers(), r.body());
            assertNoLeak(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void assertNoLeak(Response response) {
        assertThat(response.body()).doesNotContain(key);
        response.headers().map().forEach((name, values) ->
                values.forEach(v -> assertThat(v).as("header %s", name).doesNotContain(key)));
        assertThat(response.header("x-request-id")).as("x-request-id on every response").isNotBlank();
    }

    /** An OpenAI error response: status, JSON shape, fields, and nothing internal in it. */
    static JsonNode assertError(Response response, int status, String type, String code, String param) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.body()).doesNotContain("at dev.", "at io.", "at java.", "Exception", "helidon");
        JsonNode error = response.json().get("error");
        assertThat(error).as(response.body()).isNotNull();
        assertThat(response.json().size()).isEqualTo(1);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.has("code")).isTrue();
        assertThat(error.has("param")).isTrue();
        if (code == null) {
            assertThat(error.get("code").isNull()).as(response.body()).isTrue();
        } else {
            assertThat(error.get("code").asText()).isEqualTo(code);
        }
        if (param == null) {
            assertThat(error.get("param").isNull()).as(response.body()).isTrue();
        } else {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
        return error;
    }
}
