package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One open HTTP/1.1 connection: the socket and its read buffer. Owned by one request at a time; the pool hands it
 * from owner to owner. Requests are written from a buffer allocated for each (the connection keeps none: while it
 * carries a stream it would hold it unused).
 */
final class Connection {
    /**
     * The read buffer. Small on purpose: a connection carrying a long stream holds it for the stream's life, and ten
     * thousand of those must fit in a small heap; larger reads go straight to the caller's array.
     */
    static final int READ_BUFFER_SIZE = 4 * 1024;

    private final Origin origin;
    private final Socket socket;
    /** The TCP socket under {@code socket} (the same one for plain HTTP): closing it aborts a read, TLS or not. */
    private final Socket transport;
    private final IoWatch watch = new IoWatch();
    private final OutputStream out;
    private final ConnectionInput in;
    /** {@link System#nanoTime()}-style stamp of the moment the connection went idle. */
    private long idleSince;

    Connection(Origin origin, Socket socket) throws IOException {
        this(origin, socket, socket);
    }

    Connection(Origin origin, Socket socket, Socket transport) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.transport = transport;
        this.out = socket.getOutputStream();
        this.in = new ConnectionInput(socket.getInputStream(), READ_BUFFER_SIZE, watch);
    }

    Origin origin() {
        return origin;
    }

    ConnectionInput in() {
        return in;
    }

    /**
     * Writes {@code len} bytes of a request; the socket stream is unbuffered, so this is one write. Timed by the
     * connection's {@link IoWatch}: a peer that stops reading makes it fail with a {@link
     * java.net.SocketTimeoutException}.
     */
    void write(byte[] bytes, int off, int len) throws IOException {
        watch.begin();
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw watch.failure(e);
        } finally {
            watch.end();
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    IoWatch watch() {
        return watch;
    }

    /**
     * Gives up on a read or write that waited too long: marks the connection timed out and closes the TCP socket, from
     * another thread than the owner's (closing the TLS layer there could wait on the owner's lock). Never throws.
     */
    void abort() {
        watch.expire();
        try {
            transport.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Closes the socket; never throws. */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }
}
