package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/** A handler for the tests: a few fixed routes, routes a test adds, and refusals answered in JSON. */
final class TestHandler implements HttpHandler {
    static final HttpFields TEXT = new HttpFields().add("Content-Type", "text/plain");

    final BlockingQueue<HttpExchange> held = new LinkedBlockingQueue<>();
    final CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<HttpExchange>> routes = new ConcurrentHashMap<>();

    void route(String path, Consumer<HttpExchange> action) {
        routes.put(path, action);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.rawPath();
        int query = path.indexOf('?');
        String route = query < 0 ? path : path.substring(0, query);
        Consumer<HttpExchange> added = routes.get(route);
        if (added != null) {
            added.accept(exchange);
            return;
        }
        switch (route) {
            case "/hello" -> text(exchange, 200, "hello");
            case "/echo" -> exchange.respond(200, new HttpFields()
                            .add("X-Method", exchange.method())
                            .add("X-Path", path)
                            .add("X-Http10", String.valueOf(exchange.http10())),
                    exchange.body(), 0, exchange.bodyLength());
            case "/header" -> text(exchange, 200, String.valueOf(exchange.header(path.substring(query + 1))));
            case "/throw" -> throw new IllegalStateException("a handler failure the test asked for");
            case "/later" -> CompletableFuture.runAsync(() -> {
                try {
                    text(exchange, 200, "too early");
                    failures.add(new AssertionError("respond() off the loop was accepted"));
                } catch (IllegalStateException expected) {
                    // only on the loop
                }
                exchange.loop().execute(() -> text(exchange, 200, "later"));
            });
            case "/hold" -> held.add(exchange);
            case "/stream" -> {
                ResponseStream stream = exchange.stream(200, TEXT);
                for (int i = 0; i < 3; i++) {
                    byte[] part = ("part " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                    stream.write(part, 0, part.length);
                    stream.flush();
                }
                stream.end();
            }
            default -> text(exchange, 404, "no route " + route);
        }
    }

    @Override
    public void rejected(HttpExchange exchange, int status) {
        HttpFields fields = new HttpFields().add("Content-Type", "application/json");
        if (exchange.rawPath() != null) {
            fields.add("X-Refused-Path", exchange.method() + " " + exchange.rawPath());
        }
        byte[] json = ("{\"error\":{\"status\":" + status + "}}").getBytes(StandardCharsets.US_ASCII);
        exchange.respond(status, fields, json, 0, json.length);
    }

    static void text(HttpExchange exchange, int status, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.respond(status, TEXT, bytes, 0, bytes.length);
    }
}
