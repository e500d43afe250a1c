package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection of {@link LoopHttpTransport}, driven by its event loop: opened by a {@link LoopConnector},
 * then writing a request, reading the response as bytes arrive (its {@link LoopResponse} finds the head and hands on
 * the body, and says how the exchange ends), then idle in the pool. Bytes go through a {@link LoopChannel}, plain or
 * TLS. What the connection itself decides: what its key selects for, when a wait timed out, whether it goes back to
 * the pool, and whether a request lost on a pooled connection goes again. Confined to the loop.
 *
 * <p>Bytes are read into the loop's shared buffer and body bytes handed on from there. What a connection keeps of its
 * own is small: a head that arrived in part (until it is whole), while its consumer has paused the bytes read before
 * the pause and not yet handed on, and over TLS a record that arrived in part.
 */
final class LoopConnection implements EventLoop.Ready {
    private static final Logger LOG = LoggerFactory.getLogger(LoopConnection.class);

    /** Resolving, connecting or (https) in the TLS handshake: the {@link LoopConnector}'s. */
    private static final int OPENING = 0;
    private static final int WRITING = 1;
    /** The response: its head, then its body ({@link LoopResponse#inBody()}). */
    private static final int READING = 2;
    /** In the pool; still read, to see the server close it. */
    private static final int IDLE = 3;
    private static final int CLOSED = 4;

    final LoopConnections site;
    final Origin origin;
    /** Where the connection is in its site's list of connections in use; -1 when not there. */
    int busyIndex = -1;
    /** {@link System#nanoTime()} when the current wait began (for bytes, or idle). */
    long since;

    private LoopConnector connector;
    private LoopChannel channel;
    private SelectionKey key;
    /** What the key selects for. */
    private int interest;
    /** What the connection waits for; the channel may add to it ({@link LoopChannel#interestOps}). */
    private int wanted;
    private int phase;

    /** The exchange the connection carries, or null. */
    LoopExchange exchange;
    /** The connection carried an exchange before this one: a loss before any response byte means it had gone stale. */
    private boolean reused;
    private final LoopResponse response;

    private LoopConnection(LoopConnections site, Origin origin) {
        this.site = site;
        this.origin = origin;
        this.response = new LoopResponse(this);
    }

    /** Opens a new connection for the exchange and sends its request once connected (and for https, handshaken). */
    static void open(LoopConnections site, LoopExchange exchange) {
        LoopConnection connection = new LoopConnection(site, exchange.origin);
        connection.exchange = exchange;
        exchange.connection = connection;
        connection.phase = OPENING;
        site.busy(connection);
        connection.connector = new LoopConnector(connection);
        connection.connector.start();
    }

    /** The connector is done: the channel is ready for HTTP; its key, this connection's now, selects {@code ops}. */
    void opened(LoopChannel opened, SelectionKey selectionKey, int ops) {
        connector = null;
        channel = opened;
        key = selectionKey;
        interest = ops;
        key.attach(this);
        start(exchange, false);
    }

    /** Sends the exchange's request on this connection, connected and (when taken from the pool) used before. */
    void start(LoopExchange next, boolean pooled) {
        if (pooled) {
            site.busy(this);
        }
        exchange = next;
        next.connection = this;
        reused = pooled;
        response.reset();
        phase = WRITING;
        write();
    }

    /** Goes into the pool: read for the server closing it (or sending what nobody asked for). */
    void idle(long now) {
        phase = IDLE;
        since = now;
        interest(SelectionKey.OP_READ);
    }

    @Override
    public void ready(SelectionKey selected) {
        if (selected != key || phase == CLOSED || !selected.isValid()) {
            return;
        }
        int ops = selected.readyOps();
        if (phase == WRITING) {
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                write();
            }
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush(); // TLS output of the channel's own, while reading
        }
        if ((ops & SelectionKey.OP_READ) != 0 && (wanted & SelectionKey.OP_READ) != 0 && phase != CLOSED) {
            read();
        }
    }

    /** Fails the exchange in flight if its wait ran over the timeout at {@code now}. */
    void checkTimeout(long now) {
        LoopHttpTransport transport = site.transport;
        switch (phase) {
            case OPENING -> connector.checkTimeout(now);
            case WRITING, READING -> {
                if (transport.readTimeoutNanos > 0 && !exchange.paused && !response.holding()
                        && now - since > transport.readTimeoutNanos) {
                    SocketTimeoutException timeout = new SocketTimeoutException("Timed out");
                    fail(response.inBody() ? UpstreamFailures.inBody(origin, timeout, transport.readTimeout)
                            : UpstreamFailures.failure(origin, timeout, transport.readTimeout));
                }
            }
            default -> {
                // not waiting on the server
            }
        }
    }

    void pauseReading(LoopExchange from) {
        if (exchange == from && phase != OPENING) {
            interest(0);
        }
    }

    void resumeReading(LoopExchange from) {
        if (exchange != from || phase == OPENING) {
            return;
        }
        if (!response.resume()) {
            readOn();
        }
    }

    /** The consumer gave up the exchange (or failed): the connection goes, unless it already serves another. */
    void abandon(LoopExchange from) {
        if (exchange == from) {
            close();
        }
    }

    /** Closes the connection without a word to anyone (but TLS's close_notify); never throws. */
    void close() {
        if (phase == CLOSED) {
            return;
        }
        if (phase == IDLE) {
            site.forgetIdle(this);
        } else {
            site.unbusy(this);
        }
        phase = CLOSED;
        detach();
        if (connector != null) {
            connector.close();
            connector = null;
        } else {
            channel.close();
        }
    }

    // Writing.

    /** Writes what the socket takes of the request; waits for OP_WRITE for the rest. */
    private void write() {
        LoopExchange current = exchange;
        boolean written;
        try {
            written = channel.write(current.head, current.body);
        } catch (IOException e) {
            lost(e);
            return;
        }
        // A partial write counts as progress too: the read timeout is for a server that takes nothing.
        since = System.nanoTime();
        if (written) {
            phase = READING;
            interest(SelectionKey.OP_READ);
        } else {
            interest(SelectionKey.OP_WRITE);
        }
    }

    /** Writes what the channel held back while the connection reads. */
    private void flush() {
        try {
            channel.flush();
        } catch (IOException e) {
            readFailed(e);
            return;
        }
        interest(wanted);
    }

    // Reading.

    private void read() {
        ByteBuffer buffer = site.readBuffer;
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            readFailed(e);
            return;
        }
        if (n > 0) {
            since = System.nanoTime();
            received(buffer.array(), n);
        } else if (n < 0) {
            ended();
            return;
        }
        if (phase != CLOSED) {
            readOn(wanted); // TLS may have output of its own now, or the end of the input to tell
        }
    }

    /** Reads on after a pause, the read timeout starting over. */
    void readOn() {
        since = System.nanoTime();
        readOn(SelectionKey.OP_READ);
    }

    /** Selects for {@code ops}; reads soon if the channel has the end of the input to tell (the socket will not). */
    private void readOn(int ops) {
        interest(ops);
        if (channel.inputPending()) {
            site.loop.execute(this::readPending);
        }
    }

    private void readPending() {
        if ((phase == READING || phase == IDLE) && (wanted & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    private void received(byte[] bytes, int n) {
        switch (phase) {
            case READING -> response.received(exchange, bytes, n);
            case IDLE -> {
                LOG.debug("Idle connection to {} received unsolicited bytes; closing it", origin.host());
                close();
            }
            default -> {
                // nothing is read in the other phases
            }
        }
    }

    /** The consumer paused with bytes held for it: no reading until they are handed on. */
    void holdReading() {
        interest(0);
    }

    /**
     * The body reached its framed end: the connection goes back to the pool if it may carry another request and
     * nothing followed the body, else it is closed; then the consumer hears of the end.
     */
    void complete(LoopExchange current, boolean trailingBytes) {
        boolean reusable = response.persistent() && !trailingBytes;
        detach();
        if (reusable) {
            site.release(this);
        } else {
            close();
        }
        current.end();
    }

    /** End of the input from the server. */
    private void ended() {
        if (phase == READING) {
            response.inputEnded(exchange);
        } else {
            close();
        }
    }

    private void readFailed(IOException e) {
        if (phase == READING) {
            response.readFailed(exchange, e);
        } else {
            close();
        }
    }

    /**
     * The connection failed before the first response byte. A pooled connection the server had closed meanwhile:
     * the request never reached the application, so it goes again, once, on a new connection.
     */
    void lost(IOException e) {
        LoopExchange current = exchange;
        if (reused && !current.retried) {
            LOG.debug("Pooled connection to {} was closed by the server; retrying on a new connection",
                    origin.host());
            close();
            current.retried = true;
            current.rewind();
            open(site, current);
            return;
        }
        failHead(e);
    }

    void failHead(IOException e) {
        fail(UpstreamFailures.failure(origin, e, site.transport.readTimeout));
    }

    void failBody(IOException e) {
        fail(UpstreamFailures.inBody(origin, e, site.transport.readTimeout));
    }

    /** Closes the connection and fails its exchange. */
    void fail(UpstreamException error) {
        LoopExchange current = exchange;
        close();
        if (current != null) {
            current.fail(error);
        }
    }

    /** Forgets the exchange and what was kept for it. */
    private void detach() {
        exchange = null;
        response.clear();
    }

    private void interest(int ops) {
        wanted = ops;
        int effective = channel.interestOps(ops);
        if (effective != interest && key.isValid()) {
            interest = effective;
            key.interestOps(effective);
        }
    }
}
