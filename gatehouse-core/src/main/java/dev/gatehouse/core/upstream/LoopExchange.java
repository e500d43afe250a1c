package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;

import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request sent by {@link LoopHttpTransport}: its bytes (kept until the first response byte, for a retry), its
 * handler, and the {@link ResponseControl} the handler gets. Confined to the loop; the handler is called through here
 * and never again once the exchange is {@linkplain #done done}.
 */
final class LoopExchange implements ResponseControl, RequestWriter.Sink<RuntimeException> {
    private static final Logger LOG = LoggerFactory.getLogger(LoopExchange.class);

    final LoopConnections site;
    final Origin origin;
    final String method;
    private final ResponseHandler handler;
    /** The request's head (with the body when small); null once a response byte arrived. */
    ByteBuffer head;
    /** A body too large to copy next to the head, or null. */
    ByteBuffer body;
    /** The connection carrying the exchange now. */
    LoopConnection connection;
    /** A response byte arrived: the request is not sent again. */
    boolean answered;
    /** Sent again on a new connection after a pooled one turned out closed: not retried again. */
    boolean retried;
    /** Inside {@link LoopHttpTransport#send}: a failure is reported later, from the loop. */
    boolean sending;
    boolean paused;
    /** Ended, failed or cancelled: the handler hears nothing more. */
    boolean done;

    LoopExchange(LoopConnections site, Origin origin, String method, ResponseHandler handler) {
        this.site = site;
        this.origin = origin;
        this.method = method;
        this.handler = handler;
    }

    /** Takes the request bytes from {@link RequestWriter#encode}. */
    @Override
    public void write(byte[] bytes, int offset, int length) {
        ByteBuffer wrapped = ByteBuffer.wrap(bytes, offset, length);
        if (head == null) {
            head = wrapped;
        } else {
            body = wrapped;
        }
    }

    /** True when the whole request was written. */
    boolean written() {
        return !head.hasRemaining() && (body == null || !body.hasRemaining());
    }

    /** Back to the first byte, to send the request again. */
    void rewind() {
        head.rewind();
        if (body != null) {
            body.rewind();
        }
    }

    /** The response began: the request will not be sent again, so its bytes can go. */
    void answered() {
        answered = true;
        head = null;
        body = null;
    }

    /**
     * Hands out the head and the body's length as its framing states it (-1: not stated); false when the handler
     * cancelled or failed (the connection is closed then).
     */
    boolean head(ResponseHead response, long bodyLength) {
        try {
            handler.head(response.status(), response.headers(), bodyLength, this);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
        return !done;
    }

    /** Hands out body bytes; false when the handler cancelled or failed (the connection is closed then). */
    boolean body(byte[] bytes, int offset, int length) {
        try {
            handler.body(bytes, offset, length);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
        return !done;
    }

    /** The body ended; the connection was already pooled or closed. */
    void end() {
        done = true;
        try {
            handler.end();
        } catch (RuntimeException e) {
            LOG.error("Upstream response handler failed at the end of the body", e);
        }
    }

    /** The exchange failed; the connection was already closed. Inside send(), the handler hears of it from the loop. */
    void fail(UpstreamException error) {
        if (done) {
            return;
        }
        done = true;
        if (sending) {
            site.loop.execute(() -> failed(error));
        } else {
            failed(error);
        }
    }

    private void failed(UpstreamException error) {
        try {
            handler.failed(error);
        } catch (RuntimeException e) {
            LOG.error("Upstream response handler failed on a failure", e);
        }
    }

    private void handlerFailed(RuntimeException e) {
        LOG.error("Upstream response handler failed; dropping the response", e);
        if (!done) {
            done = true;
            connection.abandon(this);
        }
    }

    @Override
    public void pause() {
        if (!site.loop.inLoop()) {
            site.loop.execute(this::pause);
            return;
        }
        if (!done && !paused) {
            paused = true;
            connection.pauseReading(this);
        }
    }

    @Override
    public void resume() {
        if (!site.loop.inLoop()) {
            site.loop.execute(this::resume);
            return;
        }
        if (!done && paused) {
            paused = false;
            connection.resumeReading(this);
        }
    }

    @Override
    public void cancel() {
        if (!site.loop.inLoop()) {
            site.loop.execute(this::cancel);
            return;
        }
        if (!done) {
            done = true;
            connection.abandon(this);
        }
    }

    @Override
    public String toString() {
        return "LoopExchange[" + method + " " + origin + (done ? ", done" : "") + (paused ? ", paused" : "") + "]";
    }
}
