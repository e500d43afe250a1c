package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;

/**
 * A response body read straight off its connection, and the connection's fate once the body ends: back to the pool
 * when the body was read to its framed end on a persistent connection, closed otherwise (never returned dirty).
 * Reaching the end releases the connection at once; {@link #close()} before the end first tries to finish the framing
 * from bytes already received (no waiting), else closes the socket.
 *
 * <p>One reader at a time. {@link #close()} may come from another thread while a read blocks: it then closes the
 * socket, which ends the read with an {@link IOException}. A small state machine makes the release-or-close happen
 * exactly once.
 */
abstract class ResponseBody extends InputStream {
    private static final int OPEN = 0;
    private static final int READING = 1;
    private static final int DONE = 2;
    private static final VarHandle STATE;
    /** A Content-Length larger than this is not trusted to size a buffer up front (the peer could claim anything). */
    private static final int MAX_PRESIZE = 1024 * 1024;
    private static final int INITIAL_UNKNOWN = 1024;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ResponseBody.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ConnectionInput in;
    private final Connection connection;
    private final ConnectionPool pool;
    private final boolean persistent;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private byte[] single;

    ResponseBody(Connection connection, ConnectionPool pool, boolean persistent) {
        this.in = connection.in();
        this.connection = connection;
        this.pool = pool;
        this.persistent = persistent;
    }

    /**
     * Positions the connection at body data: how many body bytes may be read now (at least one), or -1 at the framed
     * end. Only called by the owning reader.
     */
    abstract long readable() throws IOException;

    /** {@code n} body bytes were read. */
    abstract void consumed(int n);

    /** The connection ended where the framing expected more: -1 when that is how this body ends, else throws. */
    abstract int connectionEnded() throws IOException;

    /** True once the framed end was consumed. */
    abstract boolean ended();

    /** Consumes the rest of the body if it is already buffered; returns whether the framed end was reached. */
    boolean finishFromBuffer() throws IOException {
        return false;
    }

    @Override
    public final int read() throws IOException {
        if (single == null) {
            single = new byte[1];
        }
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!enter()) {
            return len == 0 ? 0 : -1;
        }
        boolean ok = false;
        try {
            int n = len == 0 ? 0 : readBody(b, off, len);
            ok = true;
            return n;
        } finally {
            exit(ok);
        }
    }

    /**
     * Like {@link #read(byte[], int, int)}, but hands the next body bytes to the sink in place, from the connection's
     * buffer: a streamed body is parsed where it was received, with no buffer of the reader's own (one per open stream)
     * and no copy. Returns how many bytes the sink got, or -1 at the framed end. An exception from the sink ends the
     * body like a failed read: the connection is closed. Puts the connection's input in lean mode for the rest of the
     * body (a stream parked between events holds a small buffer).
     */
    final int readTo(BodySink sink) throws IOException {
        if (!enter()) {
            return -1;
        }
        in.lean(true);
        boolean ok = false;
        try {
            int n = readBodyTo(sink);
            ok = true;
            return n;
        } finally {
            exit(ok);
        }
    }

    /** Reads body bytes (len > 0): at least one, or -1 at the framed end. */
    private int readBody(byte[] b, int off, int len) throws IOException {
        long max = readable();
        if (max < 0) {
            return -1;
        }
        return counted(in.read(b, off, (int) Math.min(len, max)));
    }

    /** Hands body bytes to the sink: at least one, or -1 at the framed end. */
    private int readBodyTo(BodySink sink) throws IOException {
        long max = readable();
        if (max < 0) {
            return -1;
        }
        return counted(in.readTo(sink, (int) Math.min(Integer.MAX_VALUE, max)));
    }

    private int counted(int n) throws IOException {
        if (n < 0) {
            return connectionEnded();
        }
        consumed(n);
        return n;
    }

    /** Takes the reader's turn; false when the body already ended (and was released). */
    private boolean enter() throws IOException {
        if (STATE.compareAndSet(this, OPEN, READING)) {
            return true;
        }
        if ((int) STATE.getVolatile(this) == DONE && ended()) {
            return false;
        }
        throw new IOException((int) STATE.getVolatile(this) == DONE ? "Stream closed" : "Concurrent read");
    }

    /** Ends the reader's turn: on failure the connection is closed, at the framed end it is released. */
    private void exit(boolean ok) {
        if (!ok) {
            abandon(READING);
        } else if (ended()) {
            finish(READING);
        } else {
            STATE.compareAndSet(this, READING, OPEN);
        }
    }

    /**
     * Reads the rest of the body into an array sized from the framing when it tells the length (a Content-Length body
     * of up to 1 MiB is read into exactly its size), else grown from 1 KB. {@link InputStream}'s version starts with
     * 16 KB per call, nearly all garbage for a completion of a few hundred bytes: it was two fifths of the gateway's
     * allocation per request.
     */
    @Override
    public final byte[] readAllBytes() throws IOException {
        int expected = expectedLength();
        byte[] buf = new byte[expected >= 0 ? Math.min(expected, MAX_PRESIZE) : INITIAL_UNKNOWN];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (ended()) {
                    break; // the read that took the last byte already released the connection
                }
                if (buf.length == MAX_ARRAY) {
                    throw new IOException("Upstream body too large to hold in memory");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(Math.max(2L * buf.length, INITIAL_UNKNOWN), MAX_ARRAY));
            }
            int r = read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** The body's length when its framing states it (Content-Length), else -1. */
    int expectedLength() {
        return -1;
    }

    @Override
    public int available() throws IOException {
        return (int) STATE.getVolatile(this) == OPEN ? Math.min(in.buffered(), remainingHint()) : 0;
    }

    /** An upper bound on body bytes left (for {@link #available()}). */
    int remainingHint() {
        return Integer.MAX_VALUE;
    }

    @Override
    public final void close() {
        while (true) {
            int current = (int) STATE.getVolatile(this);
            if (current == DONE) {
                return;
            }
            if (current == READING) {
                // Another thread is inside a read: hang up under it.
                abandon(READING);
                return;
            }
            if (STATE.compareAndSet(this, OPEN, READING)) {
                break;
            }
        }
        boolean ended = ended();
        if (!ended && persistent) {
            in.bufferedOnly(true);
            try {
                ended = finishFromBuffer();
            } catch (IOException e) {
                ended = false;
            } finally {
                in.bufferedOnly(false);
            }
        }
        if (ended) {
            finish(READING);
        } else {
            abandon(READING);
        }
    }

    private void finish(int from) {
        if (STATE.compareAndSet(this, from, DONE)) {
            if (persistent) {
                in.lean(false);
                pool.release(connection);
            } else {
                connection.close();
            }
        }
    }

    private void abandon(int from) {
        if (STATE.compareAndSet(this, from, DONE)) {
            connection.close();
        }
    }
}
