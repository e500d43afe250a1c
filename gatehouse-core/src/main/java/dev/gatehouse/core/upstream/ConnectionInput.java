package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The buffered read side of one connection. Unsynchronized (a connection has one owner at a time), so it avoids the
 * per-call locking of {@link java.io.BufferedInputStream}. Every read blocks for at most one read of the socket, so a
 * streamed body is handed on as it arrives.
 *
 * <p>In <em>buffered-only</em> mode a read that would have to wait for the socket throws {@link WouldBlockException}
 * instead: closing a body uses it to finish the framing from bytes already received, without waiting.
 *
 * <p>In <em>lean</em> mode (a streamed body: long waits, a few hundred bytes at a time) the socket is read into a small
 * buffer, and into the full-size one only while reads keep filling the small one; the full-size buffer is let go as
 * soon as a read no longer needs it. A stream parked between events then holds {@value #LEAN_SIZE} bytes, not the full
 * size: with ten thousand open streams that is 35 MB less.
 */
final class ConnectionInput {

    static final int LEAN_SIZE = 512;

    private final InputStream raw;
    private final IoWatch watch;
    private final int size;
    /** The buffer being read from: {@link #full}, or {@link #small} in lean mode. */
    private byte[] buffer;
    /** The full-size buffer; dropped (null) in lean mode while small reads suffice. */
    private byte[] full;
    private byte[] small;
    private int pos;
    private int limit;
    private boolean bufferedOnly;
    private boolean lean;
    /** The last socket read filled its whole buffer: more is likely waiting. */
    private boolean lastReadFilled;

    ConnectionInput(InputStream raw, int size, IoWatch watch) {
        this.raw = raw;
        this.watch = watch;
        this.size = size;
        this.full = new byte[size];
        this.buffer = full;
    }

    /** The next byte, or -1 at end of stream. */
    int read() throws IOException {
        if (pos < limit) {
            return buffer[pos++] & 0xff;
        }
        return fill() < 0 ? -1 : buffer[pos++] & 0xff;
    }

    /** Up to {@code len} bytes (at least one unless at end of stream, -1 then), waiting for at most one socket read. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int available = limit - pos;
        if (available == 0) {
            if (len >= size && !bufferedOnly) {
                return readRaw(b, off, len);
            }
            if (fill() < 0) {
                return -1;
            }
            available = limit - pos;
        }
        int n = Math.min(len, available);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Hands up to {@code max} bytes (max > 0) to the sink in place, from the buffer, reading the socket once when it
     * is empty; returns how many, or -1 at end of stream. Saves a reader its own buffer and a copy.
     */
    int readTo(BodySink sink, int max) throws IOException {
        if (pos == limit && fill() < 0) {
            return -1;
        }
        int n = Math.min(max, limit - pos);
        int from = pos;
        pos += n;
        sink.accept(buffer, from, n);
        return n;
    }

    /**
     * Has the decoder consume chunk framing from the buffer, in place, reading the socket once when it is empty;
     * false at end of stream.
     */
    boolean frame(ChunkDecoder chunks) throws IOException {
        if (pos == limit && fill() < 0) {
            return false;
        }
        pos = chunks.frame(buffer, pos, limit);
        return true;
    }

    /** Discards up to {@code n} bytes, waiting for at most one socket read; -1 at end of stream. */
    int skip(int n) throws IOException {
        if (pos == limit && fill() < 0) {
            return -1;
        }
        int skipped = Math.min(n, limit - pos);
        pos += skipped;
        return skipped;
    }

    /** Bytes received and not yet consumed (no system call). */
    int buffered() {
        return limit - pos;
    }

    /** Bytes of read buffer held now. */
    int footprint() {
        return (full == null ? 0 : full.length) + (small == null ? 0 : small.length);
    }

    /** True when bytes wait unread: in the buffer or, as far as the socket tells without blocking, in the kernel. */
    boolean hasUnread() throws IOException {
        return pos < limit || raw.available() > 0;
    }

    void bufferedOnly(boolean value) {
        bufferedOnly = value;
    }

    /** Lean mode on or off (see the class comment); takes effect at the next socket read. */
    void lean(boolean value) {
        lean = value;
    }

    /** Refills the (empty) buffer with one socket read; returns how many bytes, or -1 at end of stream. */
    private int fill() throws IOException {
        if (bufferedOnly) {
            throw new WouldBlockException();
        }
        buffer = fillTarget(); // before the read, which may park for long: the dropped buffer is not held meanwhile
        pos = 0;
        limit = 0;
        int n = readRaw(buffer, 0, buffer.length);
        if (n < 0) {
            return -1;
        }
        lastReadFilled = n == buffer.length;
        limit = n;
        return n;
    }

    private byte[] fillTarget() {
        if (lean && !lastReadFilled) {
            if (small == null) {
                small = new byte[LEAN_SIZE];
            }
            full = null;
            return small;
        }
        if (full == null) {
            full = new byte[size];
        }
        return full;
    }

    /** One blocking read of the socket, timed by the connection's {@link IoWatch}. */
    private int readRaw(byte[] b, int off, int len) throws IOException {
        int n;
        watch.begin();
        try {
            do {
                n = raw.read(b, off, len);
            } while (n == 0);
        } catch (IOException e) {
            throw watch.failure(e);
        } finally {
            watch.end();
        }
        if (n < 0 && watch.expired()) {
            throw watch.timeout(null);
        }
        return n;
    }

    /** Buffered-only mode needed the socket. Control flow, so without a stack trace. */
    static final class WouldBlockException extends IOException {
        WouldBlockException() {
            super("would block");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
