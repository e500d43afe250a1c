package dev.gatehouse.server.http;

import dev.gatehouse.core.io.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client connection, driven by its loop: reads a request, hands it to the handler, writes the response, then
 * serves the next request or closes. One request at a time: bytes of pipelined requests that arrive early are kept (up
 * to the head limit; then reading stops) and parsed once the current response is complete. While the handler works,
 * the connection still reads, to notice a client that goes away.
 */
final class Connection implements EventLoop.Ready {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Between requests, nothing received. */
    private static final int IDLE = 0;
    /** A request is arriving. */
    private static final int READING = 1;
    /** The handler has the request; its response may be under way. */
    private static final int EXCHANGE = 2;
    /** Output shut after a final response; input is read and dropped until the client closes, so it gets no reset. */
    private static final int LINGER = 3;
    private static final int CLOSED = 4;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_LINGER_BYTES = 8L << 20;

    final LoopState loop;
    final InetSocketAddress remote;
    /** The loop's list of connections. */
    Connection prev;
    Connection next;

    private final Transport transport;
    private final Inbound in = new Inbound();
    private final RequestReader reader;
    private int state = IDLE;
    /** When the state began (idle, first byte of the request, lingering), by System.nanoTime. */
    private long since;
    private HttpExchange exchange;
    private boolean processing;
    private boolean closeAfter;
    private boolean unreadInput;
    private long lingered;

    Connection(LoopState loop, SocketChannel channel, InetSocketAddress remote) {
        this.loop = loop;
        this.transport = new Transport(channel);
        this.remote = remote;
        this.reader = new RequestReader(loop);
        this.since = System.nanoTime();
    }

    void registered(SelectionKey selectionKey) {
        transport.registered(selectionKey);
    }

    /** The bytes waiting for the socket; responses are built into it. */
    Outbound out() {
        return transport.out;
    }

    @Override
    public void ready(SelectionKey selectionKey) {
        if (state == CLOSED) {
            return;
        }
        try {
            int ops = selectionKey.readyOps();
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                onWritable();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && transport.reading() && state != CLOSED) {
                onReadable();
            }
        } catch (RuntimeException e) {
            LOG.error("HTTP connection failed", e);
            close();
        }
    }

    // ---- reading

    private void onReadable() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int n;
        try {
            n = transport.read(buffer);
        } catch (IOException e) {
            LOG.debug("Reading from {} failed: {}", remote, e.toString());
            close();
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                peerClosed();
            }
            return;
        }
        byte[] bytes = buffer.array();
        switch (state) {
            case IDLE, READING -> {
                if (in.isEmpty()) {
                    leftOver(bytes, process(bytes, 0, n), n);
                } else {
                    in.keep(bytes, 0, n);
                    processKept();
                }
            }
            case EXCHANGE -> leftOver(bytes, 0, n);
            case LINGER -> {
                lingered += n;
                if (lingered > MAX_LINGER_BYTES) {
                    close();
                }
            }
            default -> {
            }
        }
    }

    /** Keeps {@code bytes[from, to)}, which were not parsed: a partial head, or requests before their turn. */
    private void leftOver(byte[] bytes, int from, int to) {
        if (from < to && state != CLOSED) {
            in.keep(bytes, from, to);
            checkKept();
        }
    }

    private void processKept() {
        byte[] bytes = in.bytes();
        int pos = process(bytes, in.start(), in.end());
        if (in.bytes() == bytes) { // else dropped meanwhile: refused or closed
            in.consumedTo(pos);
            checkKept();
        }
    }

    /** Bounds what is kept, and drops it when no request will follow. */
    private void checkKept() {
        if (state != READING && (state != EXCHANGE || closeAfter)) {
            unreadInput |= !in.isEmpty() && state != CLOSED;
            in.drop();
        } else if (state == EXCHANGE && in.size() >= loop.limits.maxHeadBytes()) {
            transport.reading(false); // enough kept: the socket holds the rest
        }
    }

    /**
     * Reads requests from {@code b[pos, end)} while the connection is reading; returns where it stopped: at
     * {@code end}, at the start of a partial head, or where the next request starts once the handler has one.
     */
    private int process(byte[] b, int pos, int end) {
        processing = true;
        try {
            while (true) {
                if (state == IDLE) {
                    if (pos == end) {
                        return pos;
                    }
                    state = READING;
                    since = System.nanoTime();
                } else if (state != READING) {
                    return pos;
                }
                pos = reader.read(b, pos, end);
                switch (reader.outcome()) {
                    case RequestReader.READY -> dispatch();
                    case RequestReader.REFUSED -> {
                        reject(reader.status());
                        return end;
                    }
                    default -> {
                        if (reader.takeContinue()) {
                            send(CONTINUE, CONTINUE.length, RequestReader.NO_BODY, 0, 0, false);
                        }
                        return pos;
                    }
                }
            }
        } finally {
            processing = false;
        }
    }

    // ---- the handler

    private void dispatch() {
        RequestHead head = reader.head();
        HttpExchange ex = new HttpExchange(this, head, reader.body(), reader.bodyLength());
        reader.reset();
        exchange = ex;
        state = EXCHANGE;
        closeAfter = !head.keepAlive() || loop.closing;
        try {
            loop.handler.handle(ex);
        } catch (Throwable e) {
            handlerFailed(ex, e);
        }
    }

    /** Refuses the request being read: the handler answers, then the connection closes. */
    private void reject(int status) {
        LOG.debug("Refusing a request from {} with {}", remote, status);
        RequestHead head = reader.head();
        reader.reset();
        in.drop();
        closeAfter = true;
        unreadInput = true;
        HttpExchange ex = new HttpExchange(this, head, RequestReader.NO_BODY, 0);
        exchange = ex;
        state = EXCHANGE;
        answerRefused(ex, status);
    }

    private void answerRefused(HttpExchange ex, int status) {
        try {
            loop.handler.rejected(ex, status);
        } catch (Throwable e) {
            LOG.error("HTTP handler failed to answer a refused request", e);
        }
        if (exchange == ex && !ex.started()) {
            ex.respondEmpty(status);
        }
    }

    private void handlerFailed(HttpExchange ex, Throwable e) {
        LOG.error("HTTP handler failed", e);
        if (state == CLOSED) {
            return;
        }
        if (exchange == ex) {
            closeAfter = true;
            unreadInput = true;
            if (!ex.started()) {
                answerRefused(ex, 500);
            } else if (!ex.done()) {
                close(); // a stream half written
            }
        } else if (state == IDLE) {
            close(); // it answered in full, then threw: the connection ends all the same
        }
    }

    /** Whether {@code ex} is this connection's current exchange and the connection is open. */
    boolean serving(HttpExchange ex) {
        return exchange == ex && state != CLOSED;
    }

    /** Decides, as a response starts, whether the connection closes after it. */
    boolean closesAfter(boolean requested) {
        if (requested) {
            closeAfter = true;
        }
        return closeAfter || loop.closing;
    }

    // ---- writing

    /**
     * Sends {@code head[0, headLength)} then {@code body[offset, offset + length)}: one write attempt now, the rest
     * when the socket takes it. {@code scratch}: the head is in the loop's scratch buffer.
     */
    void send(byte[] head, int headLength, byte[] body, int offset, int length, boolean scratch) {
        ByteBuffer first = scratch ? loop.scratchBuffer(headLength) : ByteBuffer.wrap(head, 0, headLength);
        try {
            transport.send(first, body, offset, length, loop.gather);
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    /** Writes what is pending; false when the connection is closed (it may have broken just now). */
    boolean flushOut() {
        if (state == CLOSED) {
            return false;
        }
        try {
            transport.flush();
            return true;
        } catch (IOException e) {
            writeFailed(e);
            return false;
        }
    }

    private void onWritable() {
        if (!flushOut()) {
            return;
        }
        HttpExchange ex = exchange;
        if (ex == null) {
            return;
        }
        if (ex.done()) {
            if (transport.out.isEmpty()) {
                responseDone();
            }
        } else {
            ex.drained(transport.out.pending());
        }
    }

    private void writeFailed(IOException e) {
        LOG.debug("Writing to {} failed: {}", remote, e.toString());
        close();
    }

    /** The exchange's whole response has been handed over; it is complete once written. */
    void responseSent(HttpExchange ex) {
        if (exchange == ex && state != CLOSED && transport.out.isEmpty()) {
            responseDone();
        }
    }

    private void responseDone() {
        exchange = null;
        transport.out.release();
        if (closeAfter || loop.closing) {
            boolean linger = unreadInput || !in.isEmpty() || !transport.reading();
            in.drop();
            if (linger) {
                linger();
            } else {
                close();
            }
            return;
        }
        state = IDLE;
        since = System.nanoTime();
        transport.reading(true);
        if (!processing && !in.isEmpty()) {
            processKept();
        }
    }

    // ---- closing

    /** Shuts output (the client sees the end) and drops input until the client closes, so it gets no reset. */
    private void linger() {
        try {
            transport.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        state = LINGER;
        since = System.nanoTime();
        lingered = 0;
    }

    private void peerClosed() {
        if (state == EXCHANGE && exchange != null && !exchange.done()) {
            LOG.debug("Client {} closed the connection before the response", remote);
        }
        close();
    }

    /** Closes at once; the current exchange's onClose actions run unless its response was complete. */
    void close() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        HttpExchange ex = exchange;
        exchange = null;
        try {
            transport.close();
            in.drop();
            reader.reset();
            if (ex != null) {
                ex.connectionClosed();
            }
        } finally {
            loop.remove(this);
        }
    }

    /** From the loop's sweep. */
    void checkTimeouts(long now) {
        switch (state) {
            case IDLE -> {
                if (now - since >= loop.idleNanos) {
                    close();
                }
            }
            case READING -> {
                if (now - since >= loop.requestNanos) {
                    reject(408);
                }
            }
            case EXCHANGE -> {
                if (transport.stalled(now, loop.writeNanos)) {
                    LOG.debug("Client {} stopped reading its response", remote);
                    close();
                }
            }
            case LINGER -> {
                if (now - since >= loop.lingerNanos) {
                    close();
                }
            }
            default -> {
            }
        }
    }

    /** The listener is closing: an idle connection closes now, one in use after its response. */
    void listenerClosing() {
        if (state == IDLE) {
            close();
        } else if (state == EXCHANGE) {
            closeAfter = true;
        }
    }
}
