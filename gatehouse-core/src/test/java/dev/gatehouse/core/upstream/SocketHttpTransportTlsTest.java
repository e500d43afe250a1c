package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.spi.UpstreamException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.get;
import static dev.gatehouse.core.upstream.SocketHttpTransportFramingTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * https against in-process HttpsServers with self-signed certificates made by keytool at test time: one valid for
 * 127.0.0.1, one for another name. The client trusts both, so the second fails on hostname verification alone.
 */
class SocketHttpTransportTlsTest {

    @TempDir
    static Path dir;
    private static HttpsServer good;
    private static HttpsServer wrongName;
    private static ExecutorService executor;
    private static SocketHttpTransport transport;
    private static final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        KeyStore goodKeys = TestCertificates.generate(dir, "good", "ip:127.0.0.1");
        KeyStore wrongKeys = TestCertificates.generate(dir, "wrong", "dns:wrong.example");

        TrustManagerFactory trust = TestCertificates.trusting(goodKeys, wrongKeys);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        executor = Executors.newVirtualThreadPerTaskExecutor();
        good = server(goodKeys);
        wrongName = server(wrongKeys);
        transport = new SocketHttpTransport(new Dialer(5000, client.getSocketFactory()),
                new ConnectionPool(4, TimeUnit.SECONDS.toNanos(60), System::nanoTime), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        if (transport != null) {
            transport.close();
            good.stop(0);
            wrongName.stop(0);
            executor.close();
        }
    }

    private static HttpsServer server(KeyStore keys) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(keys)));
        server.setExecutor(executor);
        server.createContext("/hello", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = ("secure " + exchange.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/stream", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.start();
        return server;
    }

    private static URI uri(HttpsServer server, String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void httpsRequestsWorkAndReuseTheTlsConnection() throws IOException {
        clientPorts.clear();
        assertThat(text(transport.send(get(uri(good, "/hello?a"))))).isEqualTo("secure a");
        assertThat(text(transport.send(get(uri(good, "/hello?b"))))).isEqualTo("secure b");
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void chunkedStreamOverTls() throws IOException {
        assertThat(text(transport.send(get(uri(good, "/stream"))))).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\n");
    }

    @Test
    void certificateForAnotherNameFailsHostnameVerification() {
        assertThatThrownBy(() -> transport.send(get(uri(wrongName, "/hello"))))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
                    assertThat(e.getMessage()).isEqualTo("Could not reach the provider.");
                })
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                .cause().isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plaintextServerIsUnreachableOverTls() throws Exception {
        try (ScriptServer plain = new ScriptServer((conn, index) -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            conn.awaitClientClose();
        })) {
            assertThatThrownBy(() -> transport.send(get(URI.create("https://127.0.0.1:" + plain.port() + "/"))))
                    .isInstanceOfSatisfying(UpstreamException.class,
                            e -> assertThat(e.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE));
        }
    }
}
