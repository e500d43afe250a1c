package dev.gatehouse.server.http;

import dev.gatehouse.core.io.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request and its response. The request's parts may be read from any thread once the exchange is handed over;
 * {@link #respond}, {@link #stream}, {@link #onClose} and {@link #open} must be called on {@link #loop()}'s thread.
 * Exactly one response: {@link #respond} once, or {@link #stream} once and then its {@link ResponseStream#end()} or
 * {@link ResponseStream#abort()}. Once the client has gone, a response is accepted and dropped.
 */
public final class HttpExchange {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);
    private static final HttpFields NO_FIELDS = new HttpFields();
    private static final byte[] NO_BYTES = new byte[0];
    private static final int NEW = 0;
    private static final int STREAMING = 1;
    private static final int DONE = 2;

    private final Connection connection;
    private final RequestHead head;
    private final byte[] body;
    private final int bodyLength;
    private int phase = NEW;
    /** The connection closed before the response was complete; the onClose actions have run. */
    private boolean broken;
    private Runnable onClose;
    private List<Runnable> moreOnClose;
    private ChunkedStream stream;

    HttpExchange(Connection connection, RequestHead head, byte[] body, int bodyLength) {
        this.connection = connection;
        this.head = head;
        this.body = body;
        this.bodyLength = bodyLength;
    }

    /** The method as sent ({@code GET}, {@code POST}, ...), or null when the request line could not be parsed. */
    public String method() {
        return head == null ? null : head.method();
    }

    /**
     * The request-target as sent, such as {@code /v1/chat/completions?x=1} (not decoded), or null when the request
     * line could not be parsed.
     */
    public String rawPath() {
        return head == null ? null : head.target();
    }

    /** The first value of the named header field (name case-insensitive, value without surrounding whitespace), or null. */
    public String header(String name) {
        Objects.requireNonNull(name, "name");
        return head == null ? null : head.header(name);
    }

    /** Whether the request came as HTTP/1.0. */
    public boolean http10() {
        return head != null && head.http10();
    }

    /**
     * The array holding the request body in its first {@link #bodyLength()} bytes. For a body sent with a
     * Content-Length the array is exactly that long; for a chunked body it may be longer. The array belongs to this
     * exchange alone (nothing else reads or writes it), so the handler may keep or change it. Empty without a body.
     */
    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public InetSocketAddress remoteAddress() {
        return connection.remote;
    }

    /** The loop the connection lives on: the thread for every call that writes or registers. */
    public EventLoop loop() {
        return connection.loop.loop;
    }

    /**
     * Sends the whole response: status line, the given fields, Date (unless given), Content-Length (except for 204 and
     * 304), and Connection: close when the connection closes after it (an HTTP/1.0 client that did not ask for
     * keep-alive, a client's Connection: close, a refused request, a closing listener). What the socket takes goes out
     * at once, in one write; the rest as the client reads. The body is copied when it cannot all be written at once,
     * so the caller may reuse the array when this returns. A HEAD request gets the head only.
     *
     * @throws IllegalStateException    when a response was already started, or when not called on the loop
     * @throws IllegalArgumentException for a status outside 200..999
     */
    public void respond(int status, HttpFields headers, byte[] body, int offset, int length) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.checkFromIndexSize(offset, length, body.length);
        ResponseHeads.checkStatus(status);
        begin(DONE);
        write(status, headers, body, offset, length);
    }

    /**
     * Starts a response whose body follows piece by piece: {@code Transfer-Encoding: chunked}, or for an HTTP/1.0
     * client no framing and Connection: close (the end of the body is the end of the connection). The head goes out
     * with the stream's first {@link ResponseStream#flush()}.
     *
     * @throws IllegalStateException    when a response was already started, or when not called on the loop
     * @throws IllegalArgumentException for a status outside 200..999, or 204 or 304 (which have no body)
     */
    public ResponseStream stream(int status, HttpFields headers) {
        Objects.requireNonNull(headers, "headers");
        ResponseHeads.checkStatus(status);
        if (status == 204 || status == 304) {
            throw new IllegalArgumentException("a " + status + " response has no body to stream");
        }
        begin(STREAMING);
        int framing = head != null && head.isHead() ? ChunkedStream.NONE
                : http10() ? ChunkedStream.RAW : ChunkedStream.CHUNKED;
        ChunkedStream s = new ChunkedStream(this, connection, framing);
        stream = s;
        Connection c = connection;
        if (c.serving(this)) {
            boolean close = c.closesAfter(headers.closeRequested() || framing == ChunkedStream.RAW);
            LoopState loop = c.loop;
            byte[] scratch = loop.scratch(ResponseHeads.maxSize(headers));
            int length = ResponseHeads.write(scratch, status, headers, loop.date.line(), ResponseHeads.NO_LENGTH,
                    !http10(), connectionMode(close));
            c.out().append(scratch, 0, length);
        }
        return s;
    }

    /**
     * Runs the action once if the client's connection closes or breaks (or the listener closes it) before the response
     * is complete, typically to cancel work upstream. It does not run once {@link #respond} or the stream's
     * {@link ResponseStream#end()} or {@link ResponseStream#abort()} was called. Registered after the connection
     * closed, it runs at once. Several actions run in the order given.
     */
    public void onClose(Runnable action) {
        Objects.requireNonNull(action, "action");
        requireLoop();
        if (phase == DONE) {
            return;
        }
        if (broken) {
            run(action);
            return;
        }
        if (onClose == null) {
            onClose = action;
        } else {
            if (moreOnClose == null) {
                moreOnClose = new ArrayList<>(2);
            }
            moreOnClose.add(action);
        }
    }

    /**
     * Whether the exchange still waits for (the rest of) its response: false once the response was given in full or
     * abandoned, or the connection closed. Call on the loop.
     */
    public boolean open() {
        return phase != DONE && !broken && connection.serving(this);
    }

    @Override
    public String toString() {
        return "HttpExchange[" + method() + " from " + connection.remote + "]";
    }

    // ---- for the listener

    boolean started() {
        return phase != NEW;
    }

    boolean done() {
        return phase == DONE;
    }

    /**
     * Refuses the request: the handler's {@link HttpHandler#rejected} answers, or the listener with an empty response
     * when it gave none (or threw).
     */
    void refuse(int status) {
        try {
            connection.loop.handler.rejected(this, status);
        } catch (Throwable e) {
            LOG.error("HTTP handler failed to answer a refused request", e);
        }
        if (connection.serving(this) && phase == NEW) {
            phase = DONE;
            write(status, NO_FIELDS, NO_BYTES, 0, 0);
        }
    }

    /** The stream ended or was abandoned. */
    void finished() {
        phase = DONE;
    }

    void drained(int pending) {
        if (stream != null) {
            stream.drained(pending);
        }
    }

    /** The connection closed; the actions run if the response was not complete. */
    void connectionClosed() {
        if (phase == DONE || broken) {
            return;
        }
        broken = true;
        Runnable first = onClose;
        List<Runnable> more = moreOnClose;
        onClose = null;
        moreOnClose = null;
        if (first != null) {
            run(first);
        }
        if (more != null) {
            for (Runnable action : more) {
                run(action);
            }
        }
    }

    void requireLoop() {
        if (!connection.loop.loop.inLoop()) {
            throw new IllegalStateException("not on the exchange's event loop");
        }
    }

    private void begin(int next) {
        requireLoop();
        if (phase != NEW) {
            throw new IllegalStateException("the response was already started");
        }
        phase = next;
    }

    private void write(int status, HttpFields headers, byte[] bytes, int offset, int length) {
        Connection c = connection;
        if (!c.serving(this)) {
            return;
        }
        boolean close = c.closesAfter(headers.closeRequested());
        boolean bodyAllowed = status != 204 && status != 304;
        int sent = bodyAllowed && (head == null || !head.isHead()) ? length : 0;
        int inline = sent <= LoopState.INLINE_BODY ? sent : 0;
        LoopState loop = c.loop;
        byte[] scratch = loop.scratch(ResponseHeads.maxSize(headers) + inline);
        int p = ResponseHeads.write(scratch, status, headers, loop.date.line(),
                bodyAllowed ? length : ResponseHeads.NO_LENGTH, false, connectionMode(close));
        if (inline > 0) {
            System.arraycopy(bytes, offset, scratch, p, inline);
            p += inline;
        }
        c.send(scratch, p, bytes, offset, sent - inline, true);
        c.responseSent(this);
    }

    private int connectionMode(boolean close) {
        if (close) {
            return ResponseHeads.CLOSE;
        }
        return http10() ? ResponseHeads.KEEP_ALIVE : ResponseHeads.PERSISTENT;
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            LOG.error("An HTTP exchange's onClose action failed", e);
        }
    }
}
