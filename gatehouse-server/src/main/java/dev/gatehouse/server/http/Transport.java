package dev.gatehouse.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A connection's socket as its loop sees it: the channel, its selection key and interest set, and the bytes waiting to
 * be written. Writes go straight to the socket when nothing is pending; what it does not take waits here, with
 * OP_WRITE set exactly while anything waits.
 */
final class Transport {
    final SocketChannel channel;
    final Outbound out = new Outbound();
    private SelectionKey key;
    private int interest;
    /** Last progress of a write backlog, or when it began (System.nanoTime). */
    private long writeSince;
    private boolean closed;

    Transport(SocketChannel channel) {
        this.channel = channel;
    }

    void registered(SelectionKey selectionKey) {
        this.key = selectionKey;
        this.interest = selectionKey.interestOps();
    }

    boolean reading() {
        return (interest & SelectionKey.OP_READ) != 0;
    }

    /** Reads (or stops reading, leaving what comes in the socket's buffer). */
    void reading(boolean on) {
        interest(on ? interest | SelectionKey.OP_READ : interest & ~SelectionKey.OP_READ);
    }

    int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    /**
     * Sends {@code first}, then {@code body[offset, offset + length)}: in one write attempt when nothing is pending,
     * otherwise after what is.
     */
    void send(ByteBuffer first, byte[] body, int offset, int length, ByteBuffer[] gather) throws IOException {
        if (!out.isEmpty()) {
            out.append(first.array(), first.arrayOffset() + first.position(), first.remaining());
            out.append(body, offset, length);
            flush();
        } else if (!out.writeNow(channel, first, body, offset, length, gather)) {
            writeSince = System.nanoTime();
            interest(interest | SelectionKey.OP_WRITE);
        }
    }

    /** Writes what is pending, as far as the socket takes it. */
    void flush() throws IOException {
        if (out.isEmpty()) {
            return;
        }
        long written = out.writeTo(channel);
        if (out.isEmpty()) {
            interest(interest & ~SelectionKey.OP_WRITE);
        } else if (written > 0 || (interest & SelectionKey.OP_WRITE) == 0) {
            writeSince = System.nanoTime();
            interest(interest | SelectionKey.OP_WRITE);
        }
    }

    /** Whether bytes have waited for the socket, without any progress, for {@code timeoutNanos}. */
    boolean stalled(long now, long timeoutNanos) {
        return (interest & SelectionKey.OP_WRITE) != 0 && now - writeSince >= timeoutNanos;
    }

    /** Ends output (the client reads the end of the stream) and keeps reading only. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
        interest(SelectionKey.OP_READ);
    }

    void close() {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        LoopState.closeQuietly(channel);
        out.release();
    }

    private void interest(int ops) {
        if (ops != interest && !closed) {
            interest = ops;
            key.interestOps(ops);
        }
    }
}
