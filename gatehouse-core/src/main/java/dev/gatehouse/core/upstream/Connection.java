package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One open HTTP/1.1 connection: the socket, its read buffer and a reusable write buffer. Owned by one request at a
 * time; the pool hands it from owner to owner.
 */
final class Connection {
    static final int BUFFER_SIZE = 16 * 1024;
    /** A write buffer grown for an unusually large request head shrinks back when it exceeds this. */
    private static final int MAX_KEPT_BUFFER = 64 * 1024;

    private final Origin origin;
    private final Socket socket;
    /** The TCP socket under {@code socket} (the same one for plain HTTP): closing it aborts a read, TLS or not. */
    private final Socket transport;
    private final ReadWatch watch = new ReadWatch();
    private final OutputStream out;
    private final ConnectionInput in;
    private byte[] writeBuffer = new byte[BUFFER_SIZE];
    private byte[] scratch = new byte[1024];
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
        this.in = new ConnectionInput(socket.getInputStream(), BUFFER_SIZE, watch);
    }

    Origin origin() {
        return origin;
    }

    ConnectionInput in() {
        return in;
    }

    /** The write buffer, at least {@code capacity} long (grown if needed; a huge one is not kept). */
    byte[] writeBuffer(int capacity) {
        if (writeBuffer.length < capacity) {
            byte[] grown = new byte[Math.max(capacity, writeBuffer.length * 2)];
            if (grown.length <= MAX_KEPT_BUFFER) {
                writeBuffer = grown;
            }
            return grown;
        }
        return writeBuffer;
    }

    /** A scratch buffer for parsing, at least {@code capacity} long. */
    byte[] scratch(int capacity) {
        if (scratch.length < capacity) {
            scratch = new byte[Math.max(capacity, scratch.length * 2)];
        }
        return scratch;
    }

    /** Writes {@code len} bytes of a request; the socket stream is unbuffered, so this is one write. */
    void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
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

    ReadWatch watch() {
        return watch;
    }

    /**
     * Gives up on a read that waited too long: marks the connection timed out and closes the TCP socket, from another
     * thread than the reader's (closing the TLS layer there could wait on the reader's lock). Never throws.
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
