package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.get;
import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SocketHttpTransport} against the JDK's HttpServer: the ordinary cases, reuse and concurrency. */
class SocketHttpTransportTest {
    private HttpServer server;
    private ExecutorService executor;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger redirectTargetHits = new AtomicInteger();
    private SocketHttpTransport transport = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), 16,
            Duration.ofSeconds(60));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/hello", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().add("X-Multi", "a");
            exchange.getResponseHeaders().add("X-Multi", "b");
            respond(exchange, 200, "hello " + exchange.getRequestURI().getRawQuery());
        });
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/big", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] chunk = new byte[64 * 1024];
            exchange.sendResponseHeaders(200, 16L * chunk.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 16; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up: expected
            }
        });
        server.createContext("/empty", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/error", exchange -> respond(exchange, 503, "{\"error\":\"overloaded\"}"));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/target");
            respond(exchange, 307, "");
        });
        server.createContext("/target", exchange -> {
            redirectTargetHits.incrementAndGet();
            respond(exchange, 200, "followed");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
        executor.close();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    @Test
    void readsStatusHeadersAndContentLengthBody() throws IOException {
        UpstreamResponse response = transport.send(get(uri("/hello?q=1")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-multi", List.of("a", "b"))
                .containsEntry("content-length", List.of("9"));
        assertThat(response.headers().keySet()).allMatch(name -> name.equals(name.toLowerCase()));
        assertThat(text(response)).isEqualTo("hello q=1");
    }

    @Test
    void sequentialRequestsShareOneKeepAliveConnection() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(text(transport.send(get(uri("/hello?i=" + i))))).isEqualTo("hello i=" + i);
        }
        assertThat(clientPorts).hasSize(1);
        assertThat(transport.idleConnections(uri("/"))).isEqualTo(1);
    }

    @Test
    void bodiesAreEchoedWhetherTheyFitTheWriteBufferOrNot() throws IOException {
        for (int size : new int[] {0, 1, 10_000, 16 * 1024, 200_000}) {
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) (i * 31);
            }
            UpstreamResponse response = transport.send(new UpstreamRequest("POST", uri("/echo"),
                    Map.of("Content-Type", "application/octet-stream"), body, false));
            assertThat(response.readAll()).as("size %d", size).isEqualTo(body);
        }
    }

    @Test
    void partlyReadBodyClosesTheConnectionInsteadOfPoolingIt() throws IOException {
        UpstreamResponse response = transport.send(get(uri("/big")));
        InputStream body = response.body();
        assertThat(body.readNBytes(10)).hasSize(10);
        response.close();
        assertThat(transport.idleConnections(uri("/"))).isZero();
        assertThat(transport.send(get(uri("/big"))).readAll()).hasSize(16 * 64 * 1024);
        assertThat(clientPorts).hasSize(2);
        assertThat(transport.idleConnections(uri("/"))).isEqualTo(1);
    }

    @Test
    void noContentReleasesTheConnectionAtOnce() throws IOException {
        UpstreamResponse response = transport.send(get(uri("/empty")));
        assertThat(response.status()).isEqualTo(204);
        assertThat(transport.idleConnections(uri("/"))).isEqualTo(1);
        response.close();
        transport.send(get(uri("/empty"))).close();
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void errorStatusesComeBackWithTheirBodies() throws IOException {
        UpstreamResponse response = transport.send(get(uri("/error")));
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.successful()).isFalse();
        assertThat(text(response)).isEqualTo("{\"error\":\"overloaded\"}");
    }

    @Test
    void redirectsAreReturnedNotFollowed() throws IOException {
        UpstreamResponse response = transport.send(get(uri("/redirect")));
        assertThat(response.status()).isEqualTo(307);
        assertThat(response.headers()).containsEntry("location", List.of("/target"));
        response.close();
        assertThat(redirectTargetHits).hasValue(0);
    }

    @Test
    void manyVirtualThreadsShareABoundedPool() throws Exception {
        int threads = 200;
        int perThread = 20;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(callers.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        String query = "t=" + thread + "&i=" + i;
                        if (text(transport.send(get(uri("/hello?" + query)))).equals("hello " + query)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
            }
        }
        assertThat(transport.idleConnections(uri("/"))).isBetween(1, 16);
    }

    @Test
    void refusedConnectionIsUnreachableWithoutNamingTheAddress() throws IOException {
        // Bound but not listening, and held (without SO_REUSEADDR) so that no other socket is given the port meanwhile.
        try (Socket bound = new Socket()) {
            bound.setReuseAddress(false);
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = bound.getLocalPort();
            URI refused = URI.create("http://127.0.0.1:" + port + "/v1/chat");
            assertThatThrownBy(() -> transport.send(get(refused)))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
                        assertThat(e.code()).isEqualTo("upstream_unreachable");
                        assertThat(e.getMessage()).isEqualTo("Could not reach the provider.")
                                .doesNotContain("127.0.0.1").doesNotContain(String.valueOf(port));
                    });
        }
    }

    @Test
    void addressesAreTriedInOrderUntilOneAnswers() throws IOException {
        int port = server.getAddress().getPort();
        Dialer dialer = new Dialer(5000, null) {
            @Override
            InetAddress[] resolve(String host) throws UnknownHostException {
                assertThat(host).isEqualTo("upstream.test");
                return new InetAddress[] {InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")};
            }
        };
        try (SocketHttpTransport custom = new SocketHttpTransport(dialer,
                new ConnectionPool(4, TimeUnit.SECONDS.toNanos(60), System::nanoTime), Duration.ofSeconds(5))) {
            UpstreamResponse response = custom.send(get(URI.create("http://upstream.test:" + port + "/hello?x")));
            assertThat(text(response)).isEqualTo("hello x");
        }
    }

    @Test
    void unresolvableHostIsUnreachable() {
        Dialer dialer = new Dialer(5000, null) {
            @Override
            InetAddress[] resolve(String host) throws UnknownHostException {
                throw new UnknownHostException(host);
            }
        };
        try (SocketHttpTransport custom = new SocketHttpTransport(dialer,
                new ConnectionPool(4, TimeUnit.SECONDS.toNanos(60), System::nanoTime), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> custom.send(get(URI.create("http://internal.corp.example/v1"))))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
                        assertThat(e.getMessage()).doesNotContain("internal");
                    });
        }
    }

    @Test
    void closingTheTransportClosesIdleConnections() throws IOException {
        text(transport.send(get(uri("/hello?a"))));
        assertThat(transport.idleConnections(uri("/"))).isEqualTo(1);
        transport.close();
        assertThat(transport.idleConnections(uri("/"))).isZero();
        assertThat(text(transport.send(get(uri("/hello?b"))))).isEqualTo("hello b");
        assertThat(transport.idleConnections(uri("/"))).as("not pooled after close").isZero();
    }

    @Test
    void unsupportedSchemeIsRefused() {
        assertThatThrownBy(() -> transport.send(get(URI.create("ftp://127.0.0.1/file"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
