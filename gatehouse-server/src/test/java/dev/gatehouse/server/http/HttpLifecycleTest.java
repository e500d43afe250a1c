package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timeouts and closing, each test on a listener of its own with short limits. */
class HttpLifecycleTest {
    static final HttpLimits SHORT = new HttpLimits(8 * 1024, 50, 1024 * 1024, Duration.ofMillis(300),
            Duration.ofMillis(300), Duration.ofMillis(300));

    @RegisterExtension
    final ListenerFixture server = new ListenerFixture(2, SHORT);

    @Test
    void incompleteRequestTimesOutWith408() throws IOException {
        try (RawClient c = server.client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nonly");
            RawClient.Response response = c.read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("x-refused-path")).isEqualTo("POST /echo");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /hello HTTP/1.1\r\nHost:").read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("x-refused-path")).isNull();
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedSilently() throws IOException {
        try (RawClient c = server.client()) {
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = server.client()) {
            assertThat(c.closedByServer()).isTrue(); // never sent anything
        }
    }

    @Test
    void handlerTakingLongerThanTheTimeoutsIsNotInterrupted() throws Exception {
        try (RawClient c = server.client()) {
            c.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpExchange exchange = server.handler().held.poll(5, TimeUnit.SECONDS);
            assertThat(exchange).isNotNull();
            // Several sweeps pass meanwhile; the connection stays (the handler owns the time it takes).
            waitForSweeps();
            exchange.loop().execute(() -> TestHandler.text(exchange, 200, "held"));
            assertThat(c.read().text()).isEqualTo("held");
        }
    }

    @Test
    void clientThatStopsReadingIsClosedAfterTheWriteTimeout() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger stalls = new AtomicInteger();
        byte[] chunk = new byte[64 * 1024];
        server.handler().route("/flood", exchange -> {
            exchange.onClose(closed::countDown);
            ResponseStream stream = exchange.stream(200, TestHandler.TEXT);
            for (int i = 0; i < 10_000; i++) {
                stream.write(chunk, 0, chunk.length);
                if (!stream.flush()) {
                    stalls.incrementAndGet();
                    return; // and never resumes: the client does not read
                }
            }
            stream.end();
        });
        try (RawClient c = server.client(16 * 1024)) {
            c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(stalls.get()).isEqualTo(1);
        }
    }

    @Test
    void closeLetsAnExchangeInFlightFinish() throws Exception {
        try (RawClient busy = server.client(); RawClient idle = server.client()) {
            assertThat(idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
            busy.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpExchange exchange = server.handler().held.poll(5, TimeUnit.SECONDS);
            assertThat(exchange).isNotNull();

            HttpListener listener = server.listener();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> listener.close(Duration.ofSeconds(30)));
            assertThat(idle.closedByServer()).isTrue(); // idle keep-alive connections go at once
            assertThat(refusesConnections(server.port())).isTrue();
            assertThat(closing).isNotDone();

            exchange.loop().execute(() -> TestHandler.text(exchange, 200, "finished"));
            RawClient.Response response = busy.read();
            assertThat(response.text()).isEqualTo("finished");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(busy.closedByServer()).isTrue();
            closing.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeEndsWhatIsLeftAfterTheGrace() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        server.handler().route("/abandoned", exchange -> {
            exchange.onClose(cancelled::countDown);
            handled.countDown();
        });
        try (RawClient c = server.client()) {
            c.send("GET /abandoned HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
            server.listener().close(Duration.ofMillis(100));
            assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void portInUseIsABindException() {
        assertThatThrownBy(() -> HttpListener.start("127.0.0.1", server.port(), server.loops(),
                server.handler(), SHORT))
                .isInstanceOf(BindException.class);
    }

    @Test
    void aClosedListenerReleasesItsPortBeforeCloseReturns() throws IOException {
        int port = server.port();
        // Many times over: the port is freed by the loop's next select, which close must have waited for.
        for (int i = 0; i < 50; i++) {
            server.restart(Duration.ofSeconds(1));
        }
        assertThat(server.port()).isEqualTo(port);
        try (RawClient c = server.client()) {
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    /** Lets twice the request, idle and write timeouts (300 ms) pass, and several sweeps with them. */
    private static void waitForSweeps() throws InterruptedException {
        Thread.sleep(600);
    }

    /** Whether connecting is refused, once the listening socket has gone (closing it is asynchronous). */
    private static boolean refusesConnections(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                new Socket("127.0.0.1", port).close();
            } catch (ConnectException e) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
