package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LoopHttpTransport} against the JDK's HttpServer: the ordinary cases and many exchanges at once on one loop. */
class LoopHttpTransportTest extends LoopTransportFixture {
    private HttpServer server;
    private ExecutorService executor;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.close();
    }

    /** /echo sends the request body back; /stream sends three events, chunked; anything else says hello. */
    private void serve(HttpExchange exchange) throws java.io.IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        byte[] received = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        try (var out = exchange.getResponseBody()) {
            switch (exchange.getRequestURI().getPath()) {
                case "/echo" -> {
                    exchange.sendResponseHeaders(200, received.length == 0 ? -1 : received.length);
                    out.write(received);
                }
                case "/stream" -> {
                    exchange.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 3; i++) {
                        out.write(("data: " + query + " " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
                default -> {
                    byte[] hello = ("hello " + query).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, hello.length);
                    out.write(hello);
                }
            }
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    @Test
    void sequentialRequestsShareOneConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            LoopRecorder response = exchange(uri("/hello?i=" + i)).awaitEnd();
            assertThat(response.status).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hello i=" + i);
        }
        assertThat(clientPorts).hasSize(1);
        assertThat(pooled(uri("/"))).isEqualTo(1);
    }

    @Test
    void bodiesAreEchoedWhetherTheyGoWithTheHeadOrOnTheirOwn() throws Exception {
        for (int size : new int[] {0, 1, 10_000, 16 * 1024, 200_000, 2_000_000}) {
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) (i * 31);
            }
            LoopRecorder response = exchange(new UpstreamRequest("POST", uri("/echo"),
                    Map.of("Content-Type", "application/octet-stream"), body, false)).awaitEnd();
            assertThat(response.bytes()).as("size %d", size).isEqualTo(body);
        }
    }

    @Test
    void manyConcurrentExchangesOnOneLoopAllComeBackRight() throws Exception {
        int total = 2000;
        int inFlight = 200;
        AtomicInteger started = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(total);
        List<String> wrong = new CopyOnWriteArrayList<>();
        class Chain {
            /** Sends the next exchange, from the loop; each one's end sends the one after. */
            void next() {
                int n = started.getAndIncrement();
                if (n >= total) {
                    return;
                }
                boolean stream = n % 3 == 0;
                String query = "n=" + n;
                String expected = stream ? "data: " + query + " 0\n\ndata: " + query + " 1\n\ndata: " + query
                        + " 2\n\n" : "hello " + query;
                LoopRecorder recorder = new LoopRecorder(loop);
                recorder.onEnd = () -> {
                    if (!recorder.text().equals(expected) || !recorder.violations.isEmpty()) {
                        wrong.add(n + ": " + recorder.text() + " " + recorder.violations);
                    }
                    finished.countDown();
                    next();
                };
                recorder.onFailure = () -> {
                    wrong.add(n + " failed: " + recorder.error);
                    finished.countDown();
                    next();
                };
                recorder.sendNow(transport, new UpstreamRequest("GET", uri((stream ? "/stream?" : "/hello?") + query),
                        Map.of(), null, false));
                if (recorder.thrown != null) {
                    wrong.add(n + " threw " + recorder.thrown);
                    finished.countDown();
                }
            }
        }
        Chain chain = new Chain();
        loop.execute(() -> {
            for (int i = 0; i < inFlight; i++) {
                chain.next();
            }
        });
        assertThat(finished.await(60, TimeUnit.SECONDS)).as("all exchanges ended; wrong so far: %s", wrong).isTrue();
        assertThat(wrong).isEmpty();
        assertThat(clientPorts.size()).isBetween(1, inFlight);
        assertThat(pooled(uri("/"))).isBetween(1, 8);
        assertThat(inUse()).isZero();
    }
}
