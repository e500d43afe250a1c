package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.server.TestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider failures end to end: a fake provider (in-process HTTP server on 127.0.0.1) answers with the status a
 * deployment's upstream model names, and {@link FakeCodec} turns it into the {@code UpstreamException} a real codec
 * would. Checks the client-facing status, error fields and headers, and mid-stream failures.
 */
/** Runs on every engine: they answer the same way. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerSettings.Engine.class)
class UpstreamErrorsTest {
    @Parameter
    ServerSettings.Engine engine;

    static final String KEY = TestClient.randomKey();
    static final CountDownLatch UPSTREAM_SAW_DISCONNECT = new CountDownLatch(1);

    static HttpServer upstream;
    static ExecutorService upstreamThreads;
    static GatewayServer server;
    static TestClient client;
    static Socket refusingPort;

    @BeforeParameterizedClassInvocation
    static void start(ServerSettings.Engine engine) throws IOException {
        upstreamThreads = Executors.newVirtualThreadPerTaskExecutor();
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(upstreamThreads);
        upstream.createContext("/", UpstreamErrorsTest::upstream);
        upstream.start();
        URI base = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
        refusingPort = refusingPort();
        URI closed = URI.create("http://127.0.0.1:" + refusingPort.getLocalPort());

        List<DeploymentSpec> deployments = new ArrayList<>();
        for (String model : List.of("status-400", "status-401", "status-403", "status-404", "status-408",
                "status-409", "status-413", "status-422", "status-429", "status-500", "status-502", "status-503",
                "status-529", "status-504", "status-599", "status-402", "ok", "stream-ok", "stream-fail",
                "stream-first-fail", "stream-crash", "stream-first-crash", "stream-forever")) {
            deployments.add(new DeploymentSpec(model, "fake", model, base, Secret.of("sk-upstream-secret-value"),
                    null, null, null, null));
        }
        deployments.add(new DeploymentSpec("unreachable", "fake", "x", closed, null, null, null, null, null));
        Gateway gateway = Gateway.builder()
                .codecs(List.of(new FakeCodec()))
                .deployments(deployments)
                .authenticator(new MasterKeyAuthenticator(Secret.of(KEY)))
                .accessLog(false)
                .build();
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0, ServerSettings.DEFAULT_MAX_REQUEST_BYTES, engine, 0),
                gateway);
        client = new TestClient(server.port(), KEY);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws IOException {
        server.close();
        upstream.stop(0);
        upstreamThreads.shutdownNow();
        refusingPort.close();
    }

    /**
     * A port that refuses connections for the whole class: bound but not listening. A port bound and released again
     * could be handed straight to the gateway's own listener (also on port 0), turning "unreachable" into a 404 from
     * the gateway itself; while this socket holds it (without SO_REUSEADDR), no other socket gets it.
     */
    private static Socket refusingPort() throws IOException {
        Socket socket = new Socket();
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    /** The fake provider: {@code /status-NNN} answers NNN; {@code /stream-*} stream lines for {@link FakeCodec}. */
    private static void upstream(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath().substring(1);
        if (path.startsWith("status-")) {
            int status = Integer.parseInt(path.substring(7));
            if (status == 429 || status == 503) {
                exchange.getResponseHeaders().add("Retry-After", status == 429 ? "7" : "3");
            }
            byte[] body = ("failure " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        if (path.equals("ok")) {
            byte[] body = "fine".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String script = switch (path) {
            case "stream-ok" -> "S\nT:Hel\nT:lo\nE\nU\n";
            case "stream-fail" -> "S\nT:Hel\nT:lo\nF\n";
            case "stream-first-fail" -> "F\n";
            case "stream-crash" -> "S\nT:Hel\nX\n";
            case "stream-first-crash" -> "X\n";
            case "stream-forever" -> null;
            default -> throw new IllegalStateException(path);
        };
        if (script != null) {
            out.write(script.getBytes(StandardCharsets.UTF_8));
            exchange.close();
            return;
        }
        try {
            out.write("S\n".getBytes(StandardCharsets.UTF_8));
            byte[] line = "T:tick\n".getBytes(StandardCharsets.UTF_8);
            while (true) {
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            UPSTREAM_SAW_DISCONNECT.countDown();
        } finally {
            exchange.close();
        }
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @ParameterizedTest(name = "upstream {0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "status-400, 400, invalid_request_error, invalid_value,        temperature",
            "status-401, 401, authentication_error,  -,                    -",
            "status-403, 403, permission_error,      -,                    -",
            "status-404, 404, invalid_request_error, model_not_found,      -",
            "status-408, 408, invalid_request_error, -,                    -",
            "status-409, 409, invalid_request_error, -,                    -",
            "status-413, 413, invalid_request_error, -,                    -",
            "status-422, 422, invalid_request_error, -,                    -",
            "status-429, 429, rate_limit_error,      -,                    -",
            "status-500, 502, api_error,             upstream_error,       -",
            "status-502, 502, api_error,             upstream_error,       -",
            "status-402, 502, api_error,             upstream_error,       -",
            "status-503, 503, api_error,             upstream_unavailable, -",
            "status-529, 503, api_error,             upstream_unavailable, -",
            "status-504, 504, api_error,             upstream_timeout,     -",
            "status-599, 504, api_error,             upstream_timeout,     -",
            "unreachable, 502, api_error,            upstream_error,       -",
    })
    void upstreamStatusMapping(String model, int status, String type, String code, String param) {
        var r = client.post("/v1/chat/completions", chat(model, false));
        assertError(r, status, type, code, param);
        assertThat(r.body()).doesNotContain("sk-upstream-secret-value");
        if (status == 429) {
            assertThat(r.header("retry-after")).isEqualTo("7");
        } else if (status == 503) {
            assertThat(r.header("retry-after")).isEqualTo(model.equals("status-503") ? "3" : null);
        } else {
            assertThat(r.header("retry-after")).isNull();
        }
    }

    @Test
    void streamedRequestFailingUpstreamIsAnOrdinaryError() {
        var r = client.post("/v1/chat/completions", chat("status-429", true));
        assertError(r, 429, "rate_limit_error", null, null);
        assertThat(r.header("retry-after")).isEqualTo("7");
        assertThat(r.header("content-type")).startsWith("application/json");
    }

    @Test
    void successThroughACodec() {
        var r = client.post("/v1/chat/completions", chat("ok", false));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-gatehouse-deployment")).isEqualTo("fake/ok");
        assertThat(r.json().get("choices").get(0).get("message").get("content").asText()).isEqualTo("fine");
        var s = client.post("/v1/chat/completions", chat("stream-ok", true));
        assertThat(s.events()).hasSize(5).last().isEqualTo("[DONE]");
    }

    @Test
    void failureBeforeTheFirstEventIsAnOrdinaryErrorResponse() {
        var r = client.post("/v1/chat/completions", chat("stream-first-fail", true));
        assertError(r, 502, "api_error", "upstream_error", null);
    }

    @Test
    void crashBeforeTheFirstEventIsAGeneric500() {
        var r = client.post("/v1/chat/completions", chat("stream-first-crash", true));
        var error = assertError(r, 500, "api_error", "internal_error", null);
        assertThat(error.get("message").asText()).contains(r.header("x-request-id"));
        assertThat(r.body()).doesNotContain("/srv/secret/path");
    }

    @Test
    void midStreamFailureEndsWithAnErrorEventAndDone() throws IOException {
        var r = client.post("/v1/chat/completions", chat("stream-fail", true));
        assertThat(r.status()).isEqualTo(200);
        List<String> events = r.events();
        assertThat(events).hasSize(5);
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(1, 3)) {
            text.append(TestClient.MAPPER.readTree(event).get("choices").get(0).get("delta").get("content").asText());
        }
        assertThat(text.toString()).isEqualTo("Hello");
        JsonNode error = TestClient.MAPPER.readTree(events.get(3)).get("error");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("code").asText()).isEqualTo("upstream_error");
        assertThat(error.get("message").asText()).isEqualTo("The provider's stream broke off.");
        assertThat(events.get(4)).isEqualTo("[DONE]");
    }

    @Test
    void crashMidStreamIsAGenericInternalErrorEvent() throws IOException {
        var r = client.post("/v1/chat/completions", chat("stream-crash", true));
        assertThat(r.status()).isEqualTo(200);
        List<String> events = r.events();
        JsonNode error = TestClient.MAPPER.readTree(events.get(events.size() - 2)).get("error");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("code").asText()).isEqualTo("internal_error");
        assertThat(error.get("message").asText()).contains(r.header("x-request-id"));
        assertThat(r.body()).doesNotContain("/srv/secret/path", "IllegalStateException", "at dev.");
        assertThat(events.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void clientDisconnectReleasesTheUpstream() throws Exception {
        String body = chat("stream-forever", true);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String seen = "";
            while (!seen.contains("tick")) {
                seen += new String(in.readNBytes(256), StandardCharsets.UTF_8);
            }
            assertThat(seen).startsWith("HTTP/1.1 200").contains("text/event-stream");
        }
        assertThat(UPSTREAM_SAW_DISCONNECT.await(30, TimeUnit.SECONDS))
                .as("the upstream connection is closed once the client is gone").isTrue();
    }
}
