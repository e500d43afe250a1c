package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Streamed responses: chunked framing, HTTP/1.0, writes from other threads, backpressure, a client going away. */
class HttpStreamTest {
    @RegisterExtension
    static final ListenerFixture server = new ListenerFixture(2, ListenerFixture.LIMITS);

    @Test
    void streamedResponseIsChunked() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.header("content-length")).isNull();
            assertThat(response.chunks()).containsExactly(7, 7, 7, 0);
            assertThat(response.text()).isEqualTo("part 0\npart 1\npart 2\n");
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void streamToHttp10ClientIsUnframedAndCloses() throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(response.header("transfer-encoding")).isNull();
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(response.text()).isEqualTo("part 0\npart 1\npart 2\n");
        }
    }

    @Test
    void streamWrittenFromOtherThreads() throws Exception {
        ExecutorService producer = Executors.newSingleThreadExecutor();
        server.handler().route("/async-stream", exchange -> {
            ResponseStream stream = exchange.stream(200, TestHandler.TEXT);
            producer.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    byte[] part = ("event " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                    exchange.loop().execute(() -> {
                        stream.write(part, 0, part.length);
                        stream.flush();
                    });
                }
                exchange.loop().execute(stream::end);
            });
        });
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send("GET /async-stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.text()).isEqualTo("event 0\nevent 1\nevent 2\nevent 3\nevent 4\n");
        } finally {
            producer.shutdownNow();
        }
    }

    @Test
    void backpressureStopsTheProducerUntilTheClientReads() throws Exception {
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('A' + i % 26);
        }
        AtomicInteger written = new AtomicInteger();
        AtomicInteger drains = new AtomicInteger();
        CountDownLatch stalled = new CountDownLatch(1);
        server.handler().route("/flood", exchange -> {
            ResponseStream stream = exchange.stream(200, TestHandler.TEXT);
            // Writes until the client's backlog stops it; after the first drain, a few more chunks and the end.
            Runnable[] pump = new Runnable[1];
            pump[0] = () -> {
                int limit = drains.get() == 0 ? 100_000 : written.get() + 4;
                while (written.get() < limit) {
                    stream.write(chunk, 0, chunk.length);
                    written.incrementAndGet();
                    if (!stream.flush()) {
                        stalled.countDown();
                        return;
                    }
                }
                stream.end();
            };
            stream.onDrain(() -> {
                drains.incrementAndGet();
                pump[0].run();
            });
            pump[0].run();
        });
        try (RawClient c = server.client(16 * 1024)) {
            c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(drains.get()).isZero();
            RawClient.Response response = c.read();
            assertThat(drains.get()).isGreaterThanOrEqualTo(1);
            assertThat(response.body().length).isEqualTo(written.get() * chunk.length);
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void clientDisconnectDuringAStreamRunsOnClose() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<HttpExchange> seen = new AtomicReference<>();
        server.handler().route("/forever", exchange -> {
            seen.set(exchange);
            exchange.onClose(closed::countDown);
            ResponseStream stream = exchange.stream(200, TestHandler.TEXT);
            byte[] first = "first\n".getBytes(StandardCharsets.US_ASCII);
            stream.write(first, 0, first.length);
            stream.flush();
        });
        try (RawClient c = server.client()) {
            c.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = new String(c.in.readNBytes(20), StandardCharsets.US_ASCII);
            assertThat(head).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch open = new CountDownLatch(1);
        AtomicReference<Boolean> stillOpen = new AtomicReference<>();
        seen.get().loop().execute(() -> {
            stillOpen.set(seen.get().open());
            open.countDown();
        });
        assertThat(open.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stillOpen.get()).isFalse();
    }
}
