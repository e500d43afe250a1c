package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener at the HTTP level, on raw sockets: framing, keep-alive, pipelining, streams, failures. */
class HttpListenerTest {
    @RegisterExtension
    static final ListenerFixture server = new ListenerFixture(2, ListenerFixture.LIMITS);

    @Test
    void getAndPostWithContentLength() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response hello = c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(hello.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(hello.text()).isEqualTo("hello");
            assertThat(hello.header("content-length")).isEqualTo("5");
            assertThat(hello.header("content-type")).isEqualTo("text/plain");
            assertThat(hello.header("date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(hello.header("connection")).isNull();

            RawClient.Response echo = c.send("POST /echo?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"
                    + "hello there").read();
            assertThat(echo.status()).isEqualTo(200);
            assertThat(echo.text()).isEqualTo("hello there");
            assertThat(echo.header("x-method")).isEqualTo("POST");
            assertThat(echo.header("x-path")).isEqualTo("/echo?x=1");
        }
    }

    @Test
    void headerLookupIsCaseInsensitiveAndTrimmed() throws IOException {
        try (RawClient c = server.client()) {
            c.send("GET /header?x-api-key HTTP/1.1\r\nHost: x\r\nX-API-Key: \t secret \t\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("secret");
            c.send("GET /header?absent HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("null");
        }
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLinesAreAccepted() throws IOException {
        try (RawClient c = server.client()) {
            c.send("\r\n\nGET /hello HTTP/1.1\nHost: x\n\n");
            assertThat(c.read().text()).isEqualTo("hello");
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws IOException {
        try (RawClient c = server.client()) {
            for (int i = 0; i < 100; i++) {
                String body = "request " + i;
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                RawClient.Response response = c.read();
                assertThat(response.text()).isEqualTo(body);
                assertThat(response.header("connection")).isNull();
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String path = i % 5 == 2 ? "/later" : "/echo";
            String body = "body " + i;
            requests.append("POST ").append(path).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: ")
                    .append(body.length()).append("\r\n\r\n").append(body);
        }
        try (RawClient c = server.client()) {
            c.send(requests.toString());
            for (int i = 0; i < 20; i++) {
                RawClient.Response response = c.read();
                assertThat(response.text()).isEqualTo(i % 5 == 2 ? "later" : "body " + i);
            }
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("hello");
        }
    }

    @Test
    void pipelinedRequestsBeyondWhatIsKeptAreReadOnceTheirTurnComes() throws Exception {
        // Far more than the head limit (8 KiB) waits behind a request the handler holds: the listener stops reading
        // once it keeps that much, and takes the rest from the socket as the responses go out.
        int count = 2_000;
        String request = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(100) + "\r\n\r\n";
        try (RawClient c = server.client()) {
            c.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n" + request.repeat(count));
            HttpExchange held = server.handler().held.poll(5, TimeUnit.SECONDS);
            assertThat(held).isNotNull();
            held.loop().execute(() -> TestHandler.text(held, 200, "released"));
            assertThat(c.read().text()).isEqualTo("released");
            for (int i = 0; i < count; i++) {
                assertThat(c.read().text()).isEqualTo("hello");
            }
        }
    }

    @Test
    void http10WithoutKeepAliveClosesAfterTheResponse() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("POST /echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi").read();
            assertThat(response.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(response.text()).isEqualTo("hi");
            assertThat(response.header("x-http10")).isEqualTo("true");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void http10WithKeepAliveStaysOpen() throws IOException {
        try (RawClient c = server.client()) {
            for (int i = 0; i < 3; i++) {
                RawClient.Response response = c.send("GET /hello HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").read();
                assertThat(response.text()).isEqualTo("hello");
                assertThat(response.header("connection")).isEqualTo("keep-alive");
            }
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(response.text()).isEqualTo("hello");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headRequestGetsTheHeadOnly() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response head = c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("5");
            // Had a body been sent, this would read it as the next status line.
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void chunkedRequestBodyArrivingByteByByte() throws IOException {
        try (RawClient c = server.client()) {
            c.trickle("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1;name=value\r\n \r\nA \r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n");
            RawClient.Response response = c.read();
            assertThat(response.text()).isEqualTo("hello 0123456789");
            // The connection serves the next request: the trailer was consumed exactly.
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void largeBodyInManyReads() throws IOException {
        byte[] body = new byte[700_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        try (RawClient c = server.client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.send(body);
            RawClient.Response response = c.read();
            assertThat(response.body()).isEqualTo(body);
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws IOException {
        try (RawClient c = server.client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Response interim = c.read();
            assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(interim.headers()).isEmpty();
            RawClient.Response response = c.send("ping").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ping");

            // With the body already sent, no interim response.
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\npong");
            RawClient.Response direct = c.read();
            assertThat(direct.status()).isEqualTo(200);
            assertThat(direct.text()).isEqualTo("pong");
        }
    }

    @Test
    void clientGoneBeforeTheAnswerRunsOnCloseAndTheAnswerIsDropped() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (RawClient c = server.client()) {
            c.send("POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            HttpExchange exchange = server.handler().held.poll(5, TimeUnit.SECONDS);
            assertThat(exchange).isNotNull();
            assertThat(new String(exchange.body(), 0, exchange.bodyLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("abc");
            exchange.loop().execute(() -> exchange.onClose(closed::countDown));
            c.socket.shutdownOutput();
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> answered = new CompletableFuture<>();
            exchange.loop().execute(() -> {
                boolean open = exchange.open();
                TestHandler.text(exchange, 200, "nobody listens");
                answered.complete(open);
            });
            assertThat(answered.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void handlerExceptionGives500AndCloses() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.text()).isEqualTo("{\"error\":{\"status\":500}}");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        // The loop lives on.
        try (RawClient c = server.client()) {
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void answerFromAnotherThreadThroughTheLoop() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.text()).isEqualTo("later");
        }
    }

    @Test
    void aResponseStartedTwiceIsRefused() throws IOException {
        AtomicReference<Throwable> second = new AtomicReference<>();
        server.handler().route("/twice", exchange -> {
            TestHandler.text(exchange, 200, "once");
            try {
                TestHandler.text(exchange, 200, "twice");
            } catch (IllegalStateException e) {
                second.set(e);
            }
            try {
                exchange.stream(200, TestHandler.TEXT);
            } catch (IllegalStateException e) {
                second.compareAndSet(null, new AssertionError("respond() twice was accepted"));
                return;
            }
            second.set(new AssertionError("stream() after respond() was accepted"));
        });
        try (RawClient c = server.client()) {
            assertThat(c.send("GET /twice HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("once");
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
        assertThat(second.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        int connections = 200;
        int requests = 50;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int n = 0; n < connections; n++) {
                int id = n;
                results.add(clients.submit(() -> {
                    int answered = 0;
                    try (RawClient c = server.client()) {
                        for (int i = 0; i < requests; i++) {
                            String body = "connection " + id + " request " + i;
                            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n"
                                    + body);
                            if (c.read().text().equals(body)) {
                                answered++;
                            }
                        }
                    }
                    return answered;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(requests);
            }
        }
    }

    @Test
    void fieldsRefuseWhatWouldBreakTheHead() {
        assertThatThrownBy(() -> new HttpFields().add("X-Bad", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("X-Bad", "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("Content-Length", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        HttpFields fields = new HttpFields().add("X-One", "1").add("x-two", "2\tand a tab");
        assertThat(fields.size()).isEqualTo(2);
        assertThat(fields.get("X-TWO")).isEqualTo("2\tand a tab");
    }
}
