package dev.gatehouse.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gatehouse serve} for real, in-process: Helidon on a free port, called over HTTP. */
class ServeTest {
    private static final String CHAT = """
            {"model": "mock-gpt", "messages": [{"role": "user", "content": "Hello, gateway"}]}""";

    /** Runs {@code Main} with the given arguments on its own thread until {@link #stop()}. */
    private static final class Running {
        final TestConsole console = new TestConsole();
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        final CountDownLatch stopRequested = new CountDownLatch(1);
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Thread thread;

        Running(Map<String, String> env, Path dir, String... args) {
            Lifecycle lifecycle = (bound, stop) -> {
                port.complete(bound);
                try {
                    stopRequested.await();
                } finally {
                    stop.run();
                }
            };
            AppContext context = console.context(env, dir, lifecycle);
            thread = Thread.ofPlatform().name("serve-test").start(() -> {
                exitCode.set(Main.run(args, context));
                port.complete(-1);
            });
        }

        int port() throws Exception {
            int p = port.get(60, TimeUnit.SECONDS);
            assertThat(p).as("serve did not start: %s", console.err()).isPositive();
            return p;
        }

        int stop() throws InterruptedException {
            stopRequested.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).isFalse();
            return exitCode.get();
        }
    }

    private static HttpResponse<String> post(int port, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void servesChatCompletionsWithTheGeneratedMasterKey(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Running serve = new Running(Map.of(), dir, "serve", "--port", "0", "--data-dir", data.toString());
        int port = serve.port();
        try {
            String key = Files.readString(data.resolve("master.key")).strip();
            assertThat(serve.console.out()).contains(key)
                    .contains("Gatehouse listening on http://127.0.0.1:" + port);

            HttpResponse<String> ok = post(port, "/v1/chat/completions", key, CHAT);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).contains("\"object\":\"chat.completion\"").contains("You said: Hello, gateway");

            HttpResponse<String> streamed = post(port, "/v1/chat/completions", key,
                    CHAT.replace("{\"model\"", "{\"stream\": true, \"model\""));
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(streamed.body()).contains("data: {").contains("Hello,").endsWith("data: [DONE]\n\n");

            HttpResponse<String> anonymous = post(port, "/v1/chat/completions", null, CHAT);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = post(port, "/v1/chat/completions", key + "x", CHAT);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(key);
        } finally {
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void aPortInUseIsAClearStartupError(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Running serve = new Running(Map.of("GATEHOUSE_MASTER_KEY", "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz"),
                    dir, "serve", "--port", Integer.toString(taken.getLocalPort()), "--data-dir",
                    dir.resolve("data").toString());
            assertThat(serve.port.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(serve.stop()).isEqualTo(1);
            assertThat(serve.console.err()).startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }
}
