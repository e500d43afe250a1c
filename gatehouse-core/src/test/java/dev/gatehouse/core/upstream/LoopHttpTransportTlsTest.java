package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * https on the event loop against in-process HttpsServers with self-signed certificates made by keytool at test time:
 * one valid for 127.0.0.1 and upstream.test, one for another name, both trusted by the client, and one for 127.0.0.1
 * that is not trusted.
 */
class LoopHttpTransportTlsTest extends LoopTransportFixture {
    private static final byte[] BIG = pattern(300_000);

    @TempDir
    static Path dir;
    private static KeyStore goodKeys;
    private static HttpsServer good;
    private static HttpsServer wrongName;
    private static HttpsServer untrusted;
    private static ExecutorService executor;
    private static SSLContext client;
    private static final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    /** Whether each certificate check of the client ran on a virtual thread. */
    private static final Set<Boolean> checkedOnVirtualThreads = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        goodKeys = TestCertificates.generate(dir, "good", "ip:127.0.0.1,dns:upstream.test");
        KeyStore wrongKeys = TestCertificates.generate(dir, "wrong", "dns:wrong.example");
        KeyStore untrustedKeys = TestCertificates.generate(dir, "untrusted", "ip:127.0.0.1");

        TrustManagerFactory trust = TestCertificates.trusting(goodKeys, wrongKeys);
        client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new Watching((X509ExtendedTrustManager) trust.getTrustManagers()[0])},
                null);

        executor = Executors.newVirtualThreadPerTaskExecutor();
        good = server(goodKeys);
        wrongName = server(wrongKeys);
        untrusted = server(untrustedKeys);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            good.stop(0);
            wrongName.stop(0);
            untrusted.stop(0);
            executor.close();
        }
    }

    @BeforeEach
    void tlsTransport() {
        transport.close();
        transport = tls(new Dialer(5000, null));
    }

    private static LoopHttpTransport tls(Dialer dialer) {
        return new LoopHttpTransport(dialer, client, Duration.ofSeconds(5), 8, Duration.ofMinutes(1));
    }

    /** /hello says hello; /stream sends three events, chunked; /big sends {@link #BIG}; /echo sends the body back. */
    private static HttpsServer server(KeyStore keys) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(keys)));
        server.setExecutor(executor);
        server.createContext("/", LoopHttpTransportTlsTest::serve);
        server.start();
        return server;
    }

    private static void serve(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        byte[] received = exchange.getRequestBody().readAllBytes();
        try (OutputStream out = exchange.getResponseBody()) {
            switch (exchange.getRequestURI().getPath()) {
                case "/stream" -> {
                    exchange.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 3; i++) {
                        out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
                case "/big" -> {
                    exchange.sendResponseHeaders(200, BIG.length);
                    out.write(BIG);
                }
                case "/echo" -> {
                    exchange.sendResponseHeaders(200, received.length == 0 ? -1 : received.length);
                    out.write(received);
                }
                default -> {
                    byte[] body = ("secure " + exchange.getRequestURI().getRawQuery())
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        }
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 8));
        }
        return bytes;
    }

    private static URI uri(HttpsServer server, String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    private static void assertUnreachable(UpstreamException error) {
        assertThat(error.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
        assertThat(error.code()).isEqualTo("upstream_unreachable");
        assertThat(error.getMessage()).isEqualTo("Could not reach the provider.");
    }

    @Test
    void httpsRequestsWorkAndReuseTheTlsConnection() throws Exception {
        clientPorts.clear();
        LoopRecorder first = exchange(uri(good, "/hello?a")).awaitEnd();
        assertThat(first.status).isEqualTo(200);
        assertThat(first.text()).isEqualTo("secure a");
        assertThat(fetch(uri(good, "/hello?b"))).isEqualTo("secure b");
        assertThat(clientPorts).as("one connection, so one handshake").hasSize(1);
        assertThat(pooled(uri(good, "/"))).isEqualTo(1);
        assertThat(inUse()).isZero();
        assertThat(checkedOnVirtualThreads).as("the certificate is checked off the loop").containsExactly(true);
    }

    @Test
    void chunkedAndStreamedBodyOverTls() throws Exception {
        LoopRecorder response = exchange(uri(good, "/stream")).awaitEnd();
        assertThat(response.headers).containsKey("transfer-encoding");
        assertThat(response.text()).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\n");
        assertThat(pooled(uri(good, "/"))).isEqualTo(1);
    }

    @Test
    void aResponseOfManyRecordsArrivesIntact() throws Exception {
        for (int i = 0; i < 3; i++) {
            LoopRecorder response = exchange(uri(good, "/big")).awaitEnd();
            assertThat(response.bytes()).isEqualTo(BIG);
        }
        assertThat(pooled(uri(good, "/"))).isEqualTo(1);
    }

    @Test
    void requestBodiesOfManyRecordsGoOutIntact() throws Exception {
        for (int size : new int[] {1, 16 * 1024, 100_000, 2_000_000}) {
            byte[] body = pattern(size);
            LoopRecorder response = exchange(new UpstreamRequest("POST", uri(good, "/echo"),
                    Map.of("Content-Type", "application/octet-stream"), body, false)).awaitEnd();
            assertThat(response.bytes()).as("size %d", size).isEqualTo(body);
        }
    }

    @Test
    void pausingAndResumingAtEveryPieceLosesNothingOverTls() throws Exception {
        LoopRecorder response = new LoopRecorder(loop);
        response.onBody = recorder -> {
            recorder.control.pause();
            loop.schedule(1, TimeUnit.MILLISECONDS, recorder.control::resume);
        };
        loop.execute(() -> response.sendNow(transport, new UpstreamRequest("GET", uri(good, "/big"), Map.of(), null,
                false)));
        assertThat(response.awaitEnd().bytes()).isEqualTo(BIG);
        assertThat(response.bodyCalls).isGreaterThan(1);
        assertThat(pooled(uri(good, "/"))).isEqualTo(1);
    }

    @Test
    void hostNamesAreVerifiedAndSentAsSni() throws Exception {
        Dialer resolving = new Dialer(5000, null) {
            @Override
            InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
        };
        try (LoopHttpTransport named = tls(resolving)) {
            URI target = URI.create("https://upstream.test:" + good.getAddress().getPort() + "/hello?sni");
            assertThat(LoopRecorder.send(loop, named, new UpstreamRequest("GET", target, Map.of(), null, false))
                    .awaitEnd().text()).isEqualTo("secure sni");
            URI other = URI.create("https://other.test:" + good.getAddress().getPort() + "/hello");
            UpstreamException error = LoopRecorder.send(loop, named,
                    new UpstreamRequest("GET", other, Map.of(), null, false)).awaitFailure();
            assertUnreachable(error);
            assertThat(error).hasRootCauseInstanceOf(CertificateException.class);
        }
    }

    @Test
    void certificateForAnotherNameFailsHostnameVerification() throws Exception {
        LoopRecorder response = exchange(uri(wrongName, "/hello"));
        UpstreamException error = response.awaitFailure();
        assertUnreachable(error);
        assertThat(error).hasRootCauseInstanceOf(CertificateException.class)
                .cause().isInstanceOf(SSLHandshakeException.class);
        assertThat(response.status).as("no head").isZero();
        assertThat(response.bytes()).as("no body").isEmpty();
        assertThat(inUse()).isZero();
        assertThat(pooled(uri(wrongName, "/"))).isZero();
    }

    @Test
    void untrustedCertificateIsUnreachable() throws Exception {
        LoopRecorder response = exchange(uri(untrusted, "/hello"));
        UpstreamException error = response.awaitFailure();
        assertUnreachable(error);
        assertThat(error).cause().isInstanceOf(SSLHandshakeException.class);
        assertThat(response.bytes()).isEmpty();
        assertThat(inUse()).isZero();
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOutConnecting() throws Exception {
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ScriptServer silent = new ScriptServer((conn, index) -> {
            conn.awaitClientClose(); // takes the ClientHello and says nothing
            hungUp.countDown();
        }); LoopHttpTransport impatient = tls(new Dialer(200, null))) {
            URI target = URI.create("https://127.0.0.1:" + silent.port() + "/");
            long start = System.nanoTime();
            UpstreamException error = LoopRecorder.send(loop, impatient,
                    new UpstreamRequest("GET", target, Map.of(), null, false)).awaitFailure();
            assertThat(error.upstreamStatus()).isEqualTo(UpstreamException.TIMEOUT);
            assertThat(error.code()).isEqualTo("upstream_connect_timeout");
            assertThat(error.getCause()).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
            assertThat(LoopRecorder.onLoop(loop, () -> impatient.busyConnections(loop))).isZero();
        }
    }

    @Test
    void plaintextServerIsUnreachableOverTls() throws Exception {
        try (ScriptServer plain = new ScriptServer((conn, index) -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            conn.awaitClientClose();
        })) {
            LoopRecorder response = exchange(URI.create("https://127.0.0.1:" + plain.port() + "/"));
            assertUnreachable(response.awaitFailure());
            assertThat(response.bytes()).isEmpty();
        }
    }

    @Test
    void aBodyUntilCloseEndsAtTheCloseNotifyEvenWithTheSocketLeftOpen() throws Exception {
        SSLContext context = TestCertificates.serverContext(goodKeys);
        CountDownLatch hungUp = new CountDownLatch(1);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8,
                InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    new ScriptServer.Conn(socket).readRequest();
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close_notify"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    socket.shutdownOutput(); // TLS 1.3: a close_notify, and the socket stays open
                    InputStream in = socket.getInputStream();
                    while (in.read() >= 0) {
                        // until the client hangs up
                    }
                } catch (IOException e) {
                    // a reset is a hang-up too
                }
                hungUp.countDown();
            });
            URI target = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/");
            assertThat(fetch(target)).isEqualTo("until close_notify");
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
            assertThat(pooled(target)).isZero();
            assertThat(inUse()).isZero();
        }
    }

    @Test
    void anIdleTlsConnectionTheServerClosesLeavesThePool() throws Exception {
        SSLContext context = TestCertificates.serverContext(goodKeys);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8,
                InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2; i++) {
                    try (SSLSocket socket = (SSLSocket) listener.accept()) {
                        new ScriptServer.Conn(socket).readRequest();
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    } // and closes: a close_notify, then the end of stream
                }
            });
            URI target = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/");
            assertThat(fetch(target)).isEqualTo("ok");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pooled(target) > 0 && System.nanoTime() < deadline) {
                LoopRecorder.settle(loop);
            }
            assertThat(pooled(target)).isZero();
            assertThat(fetch(target)).isEqualTo("ok");
            server.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void theJvmsDefaultTrustDoesNotTrustATestCertificate() throws Exception {
        try (LoopHttpTransport defaults = new LoopHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), 8,
                Duration.ofMinutes(1))) {
            UpstreamException error = LoopRecorder.send(loop, defaults,
                    new UpstreamRequest("GET", uri(good, "/hello"), Map.of(), null, false)).awaitFailure();
            assertUnreachable(error);
            assertThat(error).cause().isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void recordsSplitAtOddPlacesArriveWhole() throws Exception {
        byte[] body = pattern(40_000);
        String head = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n";
        for (int piece : new int[] {1, 3, 4, 5, 6, 7, 1000, 16 * 1024 + 3}) {
            try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress()) {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = new Splitting(piece);
                    implAccept(socket);
                    return socket;
                }
            }) {
                SSLContext context = TestCertificates.serverContext(goodKeys);
                Thread server = Thread.ofVirtual().start(() -> {
                    try (Socket raw = listener.accept();
                         SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, null, true)) {
                        socket.setUseClientMode(false);
                        ScriptServer.Conn conn = new ScriptServer.Conn(socket);
                        for (int i = 0; i < 2 && conn.readRequest() != null; i++) {
                            conn.out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                            conn.out.write(body);
                            conn.out.flush();
                        }
                        conn.awaitClientClose();
                    } catch (IOException e) {
                        // the client hung up
                    }
                });
                URI target = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/");
                for (int i = 0; i < 2; i++) {
                    assertThat(exchange(target).awaitEnd().bytes()).as("pieces of %d", piece).isEqualTo(body);
                }
                transport.close(); // the idle connection goes: the server's script ends
                server.join(Duration.ofSeconds(10));
                transport = tls(new Dialer(5000, null));
            }
        }
    }

    /** A server's socket that sends what it is given in pieces of at most so many bytes, each its own segment. */
    private static final class Splitting extends Socket {
        private final int piece;

        Splitting(int piece) {
            this.piece = piece;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            setTcpNoDelay(true);
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    for (int from = 0; from < length; from += piece) {
                        out.write(bytes, offset + from, Math.min(piece, length - from));
                        out.flush();
                    }
                }
            };
        }
    }

    /** The trust manager the client's context had, noting the threads it checks servers on. */
    private static final class Watching extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Watching(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkedOnVirtualThreads.add(Thread.currentThread().isVirtual());
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
