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
 * serves the next request or closes. One request at a time: bytes of pipelined requests that arrive early are kept by
 * its {@link Intake} (up to the head limit; then reading stops) and parsed once the current response is complete.
 * While the handler works, the connection still reads, to notice a client that goes away.
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
    private final Intake intake;
    private int state = IDLE;
    /** When the state began (idle, first byte of the request, lingering), by System.nanoTime. */
    private long since;
    private HttpExchange exchange;
    private boolean closeAfter;
    private boolean unreadInput;
    private long lingered;

    Connection(LoopState loop, SocketChannel channel, InetSocketAddress remote) {
        this.loop = loop;
        this.transport = new Transport(channel);
        this.remote = remote;
        this.intake = new Intake(this, loop);
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
            case IDLE, READING -> intake.received(bytes, n);
            case EXCHANGE -> intake.keep(bytes, 0, n);
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

    /** Whether a request is to be read now: one is arriving, or one starts (when bytes are at hand) on an idle one. */
    boolean readingRequest(boolean bytesAtHand) {
        if (state == IDLE) {
            if (!bytesAtHand) {
                return false;
            }
            state = READING;
            since = System.nanoTime();
            return true;
        }
        return state == READING;
    }

    /** Whether input kept now will be read: a request is arriving, or another may follow the current exchange. */
    boolean wantsInput() {
        return state == READING || (state == EXCHANGE && !closeAfter);
    }

    /** Whether the handler has a request (input that comes meanwhile waits). */
    boolean busy() {
        return state == EXCHANGE;
    }

    boolean closed() {
        return state == CLOSED;
    }

    /** Input was dropped unread: the connection lingers at its end, so that the client gets no reset. */
    void inputUnread() {
        if (state != CLOSED) {
            unreadInput = true;
        }
    }

    /** Stops reading until the next request's turn: what is kept is enough. */
    void pauseReading() {
        transport.reading(false);
    }

    void sendContinue() {
        send(CONTINUE, CONTINUE.length, RequestReader.NO_BODY, 0, 0, false);
    }

    // ---- the handler

    /** Hands a complete request to the handler. */
    void dispatch(RequestHead head, byte[] body, int bodyLength) {
        HttpExchange ex = new HttpExchange(this, head, body, bodyLength);
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
    void reject(int status) {
        LOG.debug("Refusing a request from {} with {}", remote, status);
        RequestHead head = intake.refused();
        closeAfter = true;
        unreadInput = true;
        HttpExchange ex = new HttpExchange(this, head, RequestReader.NO_BODY, 0);
        exchange = ex;
        state = EXCHANGE;
        ex.refuse(status);
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
                ex.refuse(500);
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
            boolean linger = unreadInput || !intake.isEmpty() || !transport.reading();
            intake.drop();
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
        intake.resume();
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
            intake.reset();
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
