package dev.gatehouse.server.http;

import dev.gatehouse.core.io.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * What a listener keeps on one event loop, touched only by that loop's thread: the buffers its connections share (one
 * read buffer, one buffer to build responses in), the parser, the Date line, the list of its connections and the one
 * periodic sweep that enforces their timeouts.
 */
final class LoopState {
    private static final Logger LOG = LoggerFactory.getLogger(LoopState.class);
    /** A body up to this size is copied behind the head, so the response goes out in one plain write. */
    static final int INLINE_BODY = 16 * 1024;
    private static final long MAX_LINGER = TimeUnit.SECONDS.toNanos(2);

    final EventLoop loop;
    final HttpHandler handler;
    final HttpLimits limits;
    final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    final HeadParser parser;
    final HttpDate date = new HttpDate();
    final ByteBuffer[] gather = new ByteBuffer[2];
    final long requestNanos;
    final long idleNanos;
    final long writeNanos;
    final long lingerNanos;
    private final long sweepNanos;
    private final Runnable sweep = this::sweep;
    private byte[] scratch = new byte[32 * 1024];
    private ByteBuffer scratchView = ByteBuffer.wrap(scratch);

    /** Set when the listener closes: responses say Connection: close, idle connections close. */
    boolean closing;
    private Connection first;
    private int count;
    private Runnable whenEmpty;
    private EventLoop.Timer forceClose;

    LoopState(EventLoop loop, HttpHandler handler, HttpLimits limits) {
        this.loop = loop;
        this.handler = handler;
        this.limits = limits;
        this.parser = new HeadParser(limits.maxHeaders(), limits.maxBodyBytes());
        this.requestNanos = HttpLimits.nanos(limits.requestTimeout());
        this.idleNanos = HttpLimits.nanos(limits.idleTimeout());
        this.writeNanos = HttpLimits.nanos(limits.writeTimeout());
        this.lingerNanos = Math.min(MAX_LINGER, idleNanos);
        long shortest = Math.min(requestNanos, Math.min(idleNanos, writeNanos));
        this.sweepNanos = Math.clamp(shortest / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
    }

    /** Starts the sweep; on the loop. */
    void start() {
        loop.schedule(sweepNanos, TimeUnit.NANOSECONDS, sweep);
    }

    /** Takes an accepted connection; on the loop. */
    void adopt(SocketChannel channel) {
        if (closing) {
            closeQuietly(channel);
            return;
        }
        Connection connection;
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new Connection(this, channel, (InetSocketAddress) channel.getRemoteAddress());
            SelectionKey key = loop.register(channel, SelectionKey.OP_READ, connection);
            connection.registered(key);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not take an accepted connection: {}", e.toString());
            closeQuietly(channel);
            return;
        }
        connection.next = first;
        if (first != null) {
            first.prev = connection;
        }
        first = connection;
        count++;
    }

    /** Called once by a connection that closed. */
    void remove(Connection connection) {
        if (connection.prev != null) {
            connection.prev.next = connection.next;
        } else if (first == connection) {
            first = connection.next;
        }
        if (connection.next != null) {
            connection.next.prev = connection.prev;
        }
        // Its next pointer stays, so a sweep standing on it walks on.
        connection.prev = null;
        count--;
        if (count == 0 && whenEmpty != null) {
            drained();
        }
    }

    /** A buffer of at least {@code size} bytes to build a response in; valid until the next call. */
    byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
            scratchView = ByteBuffer.wrap(scratch);
        }
        return scratch;
    }

    /** {@link #scratch}'s first {@code length} bytes as a buffer to write. */
    ByteBuffer scratchBuffer(int length) {
        scratchView.clear().limit(length);
        return scratchView;
    }

    /**
     * The listener closes: idle connections close now, requests in progress are answered with Connection: close, and
     * after the grace period whatever is left is closed. {@code whenEmpty} runs once no connection is left.
     */
    void shutdown(long graceNanos, Runnable whenEmpty) {
        closing = true;
        this.whenEmpty = whenEmpty;
        for (Connection c = first; c != null; ) {
            Connection next = c.next;
            c.listenerClosing();
            c = next;
        }
        if (count == 0) {
            drained();
        } else {
            forceClose = loop.schedule(graceNanos, TimeUnit.NANOSECONDS, this::closeAll);
        }
    }

    private void closeAll() {
        LOG.debug("Closing {} connections still open after the grace period", count);
        for (Connection c = first; c != null; ) {
            Connection next = c.next;
            c.close();
            c = next;
        }
    }

    private void drained() {
        Runnable action = whenEmpty;
        whenEmpty = null;
        if (forceClose != null) {
            forceClose.cancel();
            forceClose = null;
        }
        action.run();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Connection c = first; c != null; ) {
            Connection next = c.next;
            try {
                c.checkTimeouts(now);
            } catch (RuntimeException e) {
                LOG.error("HTTP connection timeout check failed", e);
                c.close();
            }
            c = next;
        }
        if (!closing || count > 0) {
            loop.schedule(sweepNanos, TimeUnit.NANOSECONDS, sweep);
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
