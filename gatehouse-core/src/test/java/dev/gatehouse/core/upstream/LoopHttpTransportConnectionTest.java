package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keep-alive, stale connections, timeouts, backpressure, cancelling and connecting, against raw-socket upstreams. */
class LoopHttpTransportConnectionTest extends LoopTransportFixture {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static UpstreamRequest get(URI target) {
        return new UpstreamRequest("GET", target, Map.of(), null, false);
    }

    /** Sends a first request and, from its end (while its connection looks alive in the pool), a second. */
    private LoopRecorder[] backToBack(URI target) {
        LoopRecorder first = new LoopRecorder(loop);
        LoopRecorder second = new LoopRecorder(loop);
        first.onEnd = () -> second.sendNow(transport, get(target));
        loop.execute(() -> first.sendNow(transport, get(target)));
        return new LoopRecorder[] {first, second};
    }

    private static void assertUnreachable(UpstreamException error) {
        assertThat(error.upstreamStatus()).isEqualTo(UpstreamException.UNREACHABLE);
        assertThat(error.code()).isEqualTo("upstream_unreachable");
        assertThat(error.getMessage()).isEqualTo("Could not reach the provider.");
    }

    private static void assertTimeout(UpstreamException error) {
        assertThat(error.upstreamStatus()).isEqualTo(UpstreamException.TIMEOUT);
        assertThat(error.code()).isEqualTo("upstream_timeout");
        assertThat(error.getCause()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void oneKeepAliveConnectionCarriesRequestAfterRequest() throws Exception {
        try (ScriptServer upstream = answering(OK, OK, OK)) {
            for (int i = 0; i < 3; i++) {
                assertThat(fetch(upstream.uri("/" + i))).isEqualTo("ok");
            }
            assertThat(upstream.accepted()).isEqualTo(1);
            assertThat(pooled(upstream.uri("/"))).isEqualTo(1);
            assertThat(inUse()).isZero();
        }
    }

    @Test
    void anIdleConnectionTheServerClosesLeavesThePool() throws Exception {
        try (ScriptServer upstream = hangingUp(List.of(OK, OK))) {
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pooled(upstream.uri("/")) > 0 && System.nanoTime() < deadline) {
                LoopRecorder.settle(loop); // until the loop has seen the end of stream
            }
            assertThat(pooled(upstream.uri("/"))).isZero();
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            assertThat(upstream.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aPooledConnectionFoundClosedIsRetriedOnceOnANewOne() throws Exception {
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + index);
            if (index > 0) {
                conn.awaitClientClose();
            } // the first hangs up at once: an idle timeout on the server's side
        })) {
            LoopRecorder[] both = backToBack(upstream.uri("/"));
            assertThat(both[0].awaitEnd().text()).isEqualTo("0");
            assertThat(both[1].awaitEnd().text()).isEqualTo("1");
            assertThat(upstream.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aRetryThatFailsTooIsNotRetriedAgain() throws Exception {
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            if (index == 0) {
                conn.write(OK);
            } // then every connection hangs up, later ones without a word
        })) {
            LoopRecorder[] both = backToBack(upstream.uri("/"));
            both[0].awaitEnd();
            assertUnreachable(both[1].awaitFailure());
            assertThat(upstream.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerIsNotRetried() throws Exception {
        try (ScriptServer upstream = hangingUp(List.of(""))) {
            assertUnreachable(exchange(upstream.uri("/")).awaitFailure());
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void oncePartOfTheAnswerCameThereIsNoRetry() throws Exception {
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(OK);
            conn.readRequest();
            conn.write("HTTP/1.1 20"); // and hangs up
        })) {
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            assertThat(exchange(upstream.uri("/")).awaitFailure().code()).isEqualTo("bad_upstream_response");
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        String closing = "HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok";
        try (ScriptServer upstream = answering(closing)) {
            assertThat(List.of(fetch(upstream.uri("/")), fetch(upstream.uri("/")))).containsOnly("ok");
            assertThat(upstream.accepted()).isEqualTo(2);
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutAndItsConnectionIsClosedNotRetried() throws Exception {
        impatient();
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(OK);
            conn.readRequest();
            conn.awaitClientClose(); // no answer to the second request
            hungUp.countDown();
        })) {
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            UpstreamException error = exchange(upstream.uri("/")).awaitFailure();
            assertTimeout(error);
            assertThat(error.getMessage()).isEqualTo("The provider did not answer within 0 s.");
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
            assertThat(upstream.accepted()).isEqualTo(1);
            assertThat(inUse()).isZero();
        }
    }

    @Test
    void theReadTimeoutAppliesBetweenBodyChunks() throws Exception {
        impatient();
        try (ScriptServer upstream = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n")) {
            LoopRecorder response = exchange(upstream.uri("/"));
            assertTimeout(response.awaitFailure());
            assertThat(response.status).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hi");
        }
    }

    @Test
    @Timeout(60)
    void aServerThatStopsTakingTheRequestTimesOut() throws Exception {
        impatient();
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            while (!conn.socket.isClosed()) {
                Thread.sleep(20); // reads nothing: the client's socket buffers fill and its writes stop
            }
        })) {
            byte[] body = new byte[64 * 1024 * 1024]; // more than loopback socket buffers hold
            assertTimeout(exchange(new UpstreamRequest("POST", upstream.uri("/"), Map.of(), body, false))
                    .awaitFailure());
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aPausedResponseIsNeitherReadNorTimedOutUntilResumed() throws Exception {
        impatient();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch restSent = new CountDownLatch(1);
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            // Two chunks in one write: the second is read with the first and must be held back.
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n");
            if (paused.await(10, TimeUnit.SECONDS)) {
                conn.write("5\r\nthree\r\n0\r\n\r\n");
                restSent.countDown();
            }
            conn.awaitClientClose();
        })) {
            LoopRecorder response = new LoopRecorder(loop);
            response.onBody = recorder -> {
                if (recorder.bodyCalls == 1) {
                    recorder.control.pause();
                    paused.countDown();
                }
            };
            loop.execute(() -> response.sendNow(transport, get(upstream.uri("/"))));
            assertThat(restSent.await(10, TimeUnit.SECONDS)).isTrue();
            // Longer than the read timeout, with every byte of the response received.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
            while (System.nanoTime() < until) {
                LoopRecorder.settle(loop);
            }
            assertThat(response.text()).isEqualTo("one");
            assertThat(response.done.getCount()).as("neither ended nor timed out").isEqualTo(1);
            loop.execute(() -> response.control.resume());
            assertThat(response.awaitEnd().text()).isEqualTo("onetwothree");
            assertThat(pooled(upstream.uri("/"))).isEqualTo(1);
        }
    }

    @Test
    void pausingAndResumingAtEveryPieceLosesNothing() throws Exception {
        StringBuilder chunks = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String data = "event " + i + "\n";
            chunks.append(Integer.toHexString(data.length())).append("\r\n").append(data).append("\r\n");
            expected.append(data);
        }
        try (ScriptServer upstream = answering(chunks.append("0\r\n\r\n").toString())) {
            LoopRecorder response = new LoopRecorder(loop);
            response.onBody = recorder -> {
                recorder.control.pause();
                loop.execute(recorder.control::resume);
            };
            loop.execute(() -> response.sendNow(transport, get(upstream.uri("/"))));
            assertThat(response.awaitEnd().text()).isEqualTo(expected.toString());
            assertThat(response.bodyCalls).isEqualTo(200);
            assertThat(pooled(upstream.uri("/"))).isEqualTo(1);
        }
    }

    @Test
    void cancelClosesTheConnectionAndEndsTheCallbacks() throws Exception {
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n");
            conn.awaitClientClose();
            hungUp.countDown();
        })) {
            LoopRecorder response = new LoopRecorder(loop);
            response.onBody = recorder -> recorder.control.cancel();
            loop.execute(() -> response.sendNow(transport, get(upstream.uri("/"))));
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
            LoopRecorder.settle(loop);
            assertThat(response.text()).isEqualTo("one");
            assertThat(response.done.getCount()).as("no end, no failure").isEqualTo(1);
            assertThat(response.violations).isEmpty();
            assertThat(inUse()).isZero();
            assertThat(pooled(upstream.uri("/"))).isZero();
        }
    }

    @Test
    void aLateCancelDoesNotTouchTheNextExchangeOnTheConnection() throws Exception {
        try (ScriptServer upstream = answering(OK, OK)) {
            LoopRecorder first = exchange(upstream.uri("/")).awaitEnd();
            LoopRecorder second = new LoopRecorder(loop);
            second.onHead = recorder -> first.control.cancel();
            loop.execute(() -> second.sendNow(transport, get(upstream.uri("/"))));
            assertThat(second.awaitEnd().text()).isEqualTo("ok");
            assertThat(pooled(upstream.uri("/"))).isEqualTo(1);
            assertThat(upstream.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aThrowingHandlerLosesItsResponseButNotTheLoop() throws Exception {
        try (ScriptServer upstream = answering(OK)) {
            LoopRecorder broken = new LoopRecorder(loop);
            broken.onHead = recorder -> {
                throw new IllegalStateException("handler bug (expected by the test)");
            };
            loop.execute(() -> broken.sendNow(transport, get(upstream.uri("/"))));
            assertThat(broken.headSeen.await(10, TimeUnit.SECONDS)).isTrue();
            LoopRecorder.settle(loop);
            assertThat(broken.done.getCount()).isEqualTo(1);
            assertThat(inUse()).isZero();
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
        }
    }

    @Test
    void aRefusedConnectionIsUnreachableWithoutNamingTheAddress() throws Exception {
        // Bound but not listening, and held (without SO_REUSEADDR) so that no other socket is given the port meanwhile.
        try (Socket bound = new Socket()) {
            bound.setReuseAddress(false);
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = bound.getLocalPort();
            UpstreamException error = exchange(URI.create("http://127.0.0.1:" + port + "/v1")).awaitFailure();
            assertUnreachable(error);
            assertThat(error.getMessage()).doesNotContain("127.0.0.1").doesNotContain(String.valueOf(port));
            assertThat(inUse()).isZero();
        }
    }

    @Test
    void namesAreResolvedByTheDialerOffTheLoopAndAddressesTriedInOrder() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> resolver = new AtomicReference<>();
        Dialer dialer = new Dialer(5000, null) {
            @Override
            InetAddress[] resolve(String host) throws UnknownHostException {
                asked.add(host);
                resolver.set(Thread.currentThread());
                return new InetAddress[] {InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")};
            }
        };
        try (ScriptServer upstream = answering(OK, OK);
             LoopHttpTransport resolving = new LoopHttpTransport(dialer, Duration.ofSeconds(5), 4,
                     Duration.ofMinutes(1))) {
            URI uri = URI.create("http://upstream.test:" + upstream.port() + "/hello");
            for (int i = 0; i < 2; i++) {
                assertThat(LoopRecorder.send(loop, resolving, get(uri)).awaitEnd().text()).isEqualTo("ok");
            }
            assertThat(asked).as("resolved once, then pooled").containsExactly("upstream.test");
            assertThat(resolver.get().isVirtual()).isTrue();
        }
    }

    @Test
    void addressLiteralsGoThroughTheDialerToo() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        Dialer denying = new Dialer(5000, null) {
            @Override
            InetAddress[] resolve(String host) throws UnknownHostException {
                asked.add(host);
                throw new UnknownHostException("not allowed by the egress policy");
            }
        };
        try (LoopHttpTransport policed = new LoopHttpTransport(denying, Duration.ofSeconds(5), 4,
                Duration.ofMinutes(1))) {
            assertUnreachable(LoopRecorder.send(loop, policed, get(URI.create("http://10.1.2.3:8080/v1")))
                    .awaitFailure());
            UpstreamException named = LoopRecorder.send(loop, policed,
                    get(URI.create("http://internal.corp.example/v1"))).awaitFailure();
            assertUnreachable(named);
            assertThat(named.getMessage()).doesNotContain("internal");
            assertThat(asked).containsExactly("10.1.2.3", "internal.corp.example");
        }
    }

    @Test
    void onlyDottedQuadsAndBracketedAddressesCountAsLiterals() {
        assertThat(List.of("127.0.0.1", "10.255.0.9", "[::1]", "[fe80::1]")).allMatch(LoopConnector::numeric);
        assertThat(List.of("localhost", "127.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.", "0x7f.0.0.1", "1234.1.1.1",
                "example.com", "")).noneMatch(LoopConnector::numeric);
    }

    @Test
    void closingTheTransportClosesIdleConnections() throws Exception {
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            conn.readRequest();
            conn.write(OK);
            conn.awaitClientClose();
            hungUp.countDown();
        })) {
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            assertThat(pooled(upstream.uri("/"))).isEqualTo(1);
            transport.close();
            assertThat(pooled(upstream.uri("/"))).isZero();
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fetch(upstream.uri("/"))).isEqualTo("ok");
            assertThat(pooled(upstream.uri("/"))).as("not pooled after close").isZero();
        }
    }

    @Test
    void invalidRequestsAreRefusedInsideSendBeforeAnythingIsSent() throws Exception {
        try (ScriptServer upstream = new ScriptServer((conn, index) -> conn.awaitClientClose())) {
            URI uri = upstream.uri("/");
            List<UpstreamRequest> invalid = List.of(
                    new UpstreamRequest("GET", uri, Map.of("X-Evil", "1\r\nX-Injected: yes"), null, false),
                    new UpstreamRequest("GET", uri, Map.of("X-Evil\r\nX-Injected", "1"), null, false),
                    new UpstreamRequest("GET", uri, Map.of("Bad Name", "1"), null, false),
                    new UpstreamRequest("GET", uri, Map.of("X-Wide", "\u20ac"), null, false),
                    new UpstreamRequest("GET /x HTTP/1.1\r\n", uri, Map.of(), null, false),
                    get(URI.create("ftp://127.0.0.1/file")));
            for (UpstreamRequest request : invalid) {
                LoopRecorder refused = exchange(request).await();
                assertThat(refused.thrown).as(request.toString()).isInstanceOf(IllegalArgumentException.class);
                assertThat(refused.thrown.getMessage()).doesNotContain("Injected: yes");
            }
            LoopRecorder.settle(loop);
            assertThat(upstream.accepted()).isZero();
        }
    }

    @Test
    void sendBelongsToTheLoopsThreadAndHandlesHttpAndHttps() {
        URI uri = URI.create("http://127.0.0.1:9/");
        assertThatThrownBy(() -> transport.send(loop, get(uri), new LoopRecorder(loop)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(transport.handles(uri)).isTrue();
        assertThat(transport.handles(URI.create("HTTP://example.com/"))).isTrue();
        assertThat(transport.handles(URI.create("https://example.com/"))).isTrue();
        assertThat(transport.handles(URI.create("ftp://example.com/"))).isFalse();
    }

    @Test
    void theRequestOnTheWireIsByteForByteTheWaitingTransports() throws Exception {
        byte[] json = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[300_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 7);
        }
        List<ScriptServer.Request> seen = new CopyOnWriteArrayList<>();
        try (ScriptServer upstream = new ScriptServer((conn, index) -> {
            for (ScriptServer.Request r = conn.readRequest(); r != null; r = conn.readRequest()) {
                seen.add(r);
                conn.write(OK);
            }
        }); SocketHttpTransport waiting = new SocketHttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), 8,
                Duration.ofMinutes(1))) {
            String base = "http://127.0.0.1:" + upstream.port();
            Map<String, String> owned = Map.of("Host", "evil.example", "content-length", "999", "Connection", "close",
                    "Transfer-Encoding", "chunked", "Authorization", "Bearer secret", "X-Latin", "caf\u00e9",
                    "Content-Type", "application/json");
            List<UpstreamRequest> requests = List.of(
                    new UpstreamRequest("POST", URI.create(base + "/v1/chat%20x/\u00e9?a=1&b=%2F"), owned, json, true),
                    new UpstreamRequest("GET", URI.create(base), Map.of(), null, false),
                    new UpstreamRequest("POST", URI.create(base + "/p"), Map.of(), null, false),
                    new UpstreamRequest("PUT", URI.create(base + "/big?x"), Map.of("X-A", "b"), large, false),
                    new UpstreamRequest("HEAD", URI.create(base + "/h"), Map.of(), null, false));
            for (UpstreamRequest request : requests) {
                seen.clear();
                assertThat(waiting.send(request).readAll()).isNotNull();
                exchange(request).awaitEnd();
                assertThat(seen).hasSize(2);
                ScriptServer.Request expected = seen.get(0);
                ScriptServer.Request actual = seen.get(1);
                assertThat(actual.head()).as(request.toString()).isEqualTo(expected.head());
                assertThat(actual.body()).isEqualTo(expected.body());
            }
        }
    }
}
