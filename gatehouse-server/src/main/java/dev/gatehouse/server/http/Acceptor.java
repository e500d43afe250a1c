package dev.gatehouse.server.http;

import dev.gatehouse.core.io.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on one loop and hands them to the listener's loops in turn. When accepting fails (too many open
 * files, say) it pauses briefly rather than spin, logs at most once a second, and goes on.
 */
final class Acceptor implements EventLoop.Ready {
    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);
    private static final int PER_WAKEUP = 64;
    private static final long PAUSE_MILLIS = 50;
    private static final long LOG_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    final EventLoop loop;
    private final ServerSocketChannel server;
    private final LoopState[] targets;
    private SelectionKey key;
    private int turn;
    private long lastLogged = System.nanoTime() - LOG_INTERVAL;
    private int unlogged;
    private boolean closed;

    Acceptor(EventLoop loop, ServerSocketChannel server, LoopState[] targets) {
        this.loop = loop;
        this.server = server;
        this.targets = targets;
    }

    /** On the loop. */
    void register() throws IOException {
        key = loop.register(server, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void ready(SelectionKey selectionKey) {
        for (int i = 0; i < PER_WAKEUP && !closed; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            }
            if (channel == null) {
                return;
            }
            LoopState target = targets[turn];
            turn = turn + 1 == targets.length ? 0 : turn + 1;
            if (target.loop.inLoop()) {
                target.adopt(channel);
            } else {
                target.loop.execute(() -> target.adopt(channel));
            }
        }
    }

    private void failed(Exception e) {
        long now = System.nanoTime();
        if (now - lastLogged >= LOG_INTERVAL) {
            LOG.warn("Accepting a connection failed ({} more failures since the last report): {}", unlogged,
                    e.toString());
            lastLogged = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
        if (key != null && key.isValid()) {
            key.interestOps(0);
            loop.schedule(PAUSE_MILLIS, TimeUnit.MILLISECONDS, this::resume);
        }
    }

    private void resume() {
        if (!closed && key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting and releases the port; on the loop. {@code released} runs once the port is free. */
    void close(Runnable released) {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        closeChannel();
        whenReleased(released);
    }

    /**
     * A registered channel is closed for real only when its selector drops the cancelled key, at the loop's next
     * select; until then the port is still bound. Checks on the loop after each select, so that a listener started
     * on the same port once close returns can bind it.
     */
    private void whenReleased(Runnable released) {
        if (server.isRegistered()) {
            loop.schedule(1, TimeUnit.MILLISECONDS, () -> whenReleased(released));
        } else {
            released.run();
        }
    }

    /** Closes the server socket from any thread (the port is released once the loop drops its registration). */
    void closeChannel() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing the listening socket failed: {}", e.toString());
        }
    }
}
