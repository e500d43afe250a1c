package dev.gatehouse.server.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** {@link ResponseStream} over a connection's outgoing buffer, with high- and low-water marks for backpressure. */
final class ChunkedStream implements ResponseStream {
    /** Framing: chunks (HTTP/1.1). */
    static final int CHUNKED = 0;
    /** Framing: none, the connection closes at the end (HTTP/1.0). */
    static final int RAW = 1;
    /** No body at all (a HEAD request). */
    static final int NONE = 2;
    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedStream.class);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpExchange exchange;
    private final Connection connection;
    private final int framing;
    private boolean ended;
    private Runnable onDrain;
    private boolean awaitingDrain;
    private boolean drainedUnseen;

    ChunkedStream(HttpExchange exchange, Connection connection, int framing) {
        this.exchange = exchange;
        this.connection = connection;
        this.framing = framing;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        exchange.requireLoop();
        if (ended) {
            throw new IllegalStateException("the response stream has ended");
        }
        if (length == 0 || framing == NONE || !connection.serving(exchange)) {
            return;
        }
        Outbound out = connection.out();
        if (framing == CHUNKED) {
            out.appendChunkSize(length);
            out.append(bytes, offset, length);
            out.appendCrlf();
        } else {
            out.append(bytes, offset, length);
        }
    }

    @Override
    public boolean flush() {
        exchange.requireLoop();
        if (ended || !connection.serving(exchange) || !connection.flushOut()) {
            return true; // nothing more will be sent: the producer learns of a closed connection from onClose
        }
        if (connection.out().pending() > HIGH_WATER) {
            awaitingDrain = true;
            return false;
        }
        return true;
    }

    @Override
    public void onDrain(Runnable action) {
        Objects.requireNonNull(action, "action");
        exchange.requireLoop();
        onDrain = action;
        if (drainedUnseen) {
            drainedUnseen = false;
            connection.loop.loop.execute(() -> {
                if (!ended && connection.serving(exchange)) {
                    runDrain(action);
                }
            });
        }
    }

    @Override
    public void end() {
        exchange.requireLoop();
        if (ended) {
            return;
        }
        ended = true;
        exchange.finished();
        if (!connection.serving(exchange)) {
            return;
        }
        if (framing == CHUNKED) {
            connection.out().append(LAST_CHUNK, 0, LAST_CHUNK.length);
        }
        if (connection.flushOut()) {
            connection.responseSent(exchange);
        }
    }

    @Override
    public void abort() {
        exchange.requireLoop();
        if (ended) {
            return;
        }
        ended = true;
        exchange.finished();
        if (connection.serving(exchange)) {
            LOG.debug("Response stream to {} abandoned", connection.remote);
            connection.close();
        }
    }

    /** The backlog shrank to {@code pending} bytes. */
    void drained(int pending) {
        if (!awaitingDrain || pending > LOW_WATER || ended) {
            return;
        }
        awaitingDrain = false;
        Runnable action = onDrain;
        if (action == null) {
            drainedUnseen = true;
        } else {
            runDrain(action);
        }
    }

    private void runDrain(Runnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            LOG.error("A response stream's drain action failed", e);
            abort();
        }
    }
}
