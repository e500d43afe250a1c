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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener at the HTTP level, on raw sockets: Helidon's own errors come out as JSON; keep-alive works. */
/** Runs on every engine: they answer the same way. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerSettings.Engine.class)
class RawHttpTest {
    @Parameter
    ServerSettings.Engine engine;

    static GatewayServer server;

    @BeforeParameterizedClassInvocation
    static void start(ServerSettings.Engine engine) {
        Gateway gateway = Gateway.builder()
                .deployments(List.of(new DeploymentSpec("mock-gpt", "mock", "mock-gpt", null, null, null, null, null,
                        null)))
                .authenticator(new MasterKeyAuthenticator(Secret.of(TestClient.randomKey())))
                .accessLog(false)
                .build();
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0, 1024, engine, 0), gateway);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void malformedHttpIsAnsweredInJson() throws IOException {
        String response = raw("GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response.toLowerCase()).contains("content-type: application/json").contains("x-request-id: ");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        JsonNode error = TestClient.MAPPER.readTree(body).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("malformed_http_request");
        assertThat(body).doesNotContain("Exception", "helidon", "<html");
    }

    @Test
    void tooLargeContentLengthIsRefusedBeforeReading() throws IOException {
        String response = raw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n"
                + "x-request-id: big-1\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("x-request-id: big-1");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(TestClient.MAPPER.readTree(body).get("error").get("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /health/liveness HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200");
                int length = Integer.parseInt(head.toLowerCase().split("content-length: ")[1].split("\r\n")[0].strip());
                assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"ok\"}");
            }
        }
    }

    /** Sends raw bytes and reads until the server closes the connection. */
    static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
