package dev.gatehouse.sdktests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-shaped upstream on 127.0.0.1 that replays recorded response bytes: streams are written event by event with
 * a flush after each, the way the provider sends them. Every request it receives is kept for assertions.
 */
final class ReplayUpstream implements AutoCloseable {

    /** A request as the upstream saw it. */
    record Received(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    ReplayUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/embeddings", exchange -> {
            record(exchange);
            reply(exchange, 200, "application/json", resource("embeddings.json"));
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Received> received() {
        return received;
    }

    private void chat(HttpExchange exchange) throws IOException {
        String body = record(exchange);
        if (!body.contains("\"stream\":true")) {
            reply(exchange, 200, "application/json", resource("chat.json"));
            return;
        }
        byte[] sse = resource(body.contains("\"tools\"") ? "chat-stream-tools.sse"
                : body.contains("\"response_format\"") ? "chat-stream-refusal.sse" : "chat-stream.sse");
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String all = new String(sse, StandardCharsets.UTF_8);
            for (String event : all.split("(?<=\n\n)")) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private String record(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        return body;
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = ReplayUpstream.class.getResourceAsStream("/upstream/openai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded upstream file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
