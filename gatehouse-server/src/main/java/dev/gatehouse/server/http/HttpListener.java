package dev.gatehouse.server.http;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.core.io.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP/1.1 listener on event loops. One acceptor (the listening socket, on the group's first loop) hands accepted
 * connections to the group's loops in turn; each connection then lives on its loop: reads, parsing, the
 * {@link HttpHandler} call and writes all run there. The listener does not own the loops: closing it leaves them
 * running.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    private static final int BACKLOG = 1024;
    private static final long START_TIMEOUT_SECONDS = 10;
    private static final long CLOSE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Acceptor acceptor;
    private final LoopState[] loops;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpListener(Acceptor acceptor, LoopState[] loops, int port) {
        this.acceptor = acceptor;
        this.loops = loops;
        this.port = port;
    }

    /**
     * Binds and starts accepting.
     *
     * @param host the address to bind (a name or literal; null for all addresses)
     * @param port the port, or 0 for any free one (see {@link #port()})
     * @throws java.net.BindException when the address is in use or cannot be bound
     * @throws IOException            when the host cannot be resolved, or the listener could not start
     */
    public static HttpListener start(String host, int port, EventLoopGroup loops, HttpHandler handler,
                                     HttpLimits limits) throws IOException {
        Objects.requireNonNull(loops, "loops");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(limits, "limits");
        InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        int boundPort;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, BACKLOG);
            boundPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        List<EventLoop> group = loops.loops();
        LoopState[] states = new LoopState[group.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new LoopState(group.get(i), handler, limits);
        }
        EventLoop first = group.getFirst();
        Acceptor acceptor = new Acceptor(first, server, states);
        HttpListener listener = new HttpListener(acceptor, states, boundPort);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        for (LoopState state : states) {
            state.loop.execute(state::start);
        }
        first.execute(() -> {
            try {
                acceptor.register();
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        if (!first.inLoop()) {
            try {
                registered.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                listener.close(Duration.ZERO);
                throw new IOException("The HTTP listener could not start accepting", e.getCause() != null
                        ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.close(Duration.ZERO);
                throw new IOException("Interrupted while starting the HTTP listener", e);
            }
        }
        LOG.debug("HTTP listener on {} port {} with {} loops", address.getAddress(), boundPort, states.length);
        return listener;
    }

    /** The bound port (the one chosen when started with port 0). */
    public int port() {
        return port;
    }

    /**
     * Stops accepting, closes idle keep-alive connections, and lets requests in progress finish for up to
     * {@code grace} (their responses say Connection: close, and their connections close after them); then closes
     * the rest, running their exchanges' onClose actions. Returns when all are closed. Called on one of the loops, it
     * does not wait. Calling it again does nothing.
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long graceNanos = grace.isNegative() ? 0 : HttpLimits.nanos(grace);
        CountDownLatch done = new CountDownLatch(loops.length + 1);
        acceptor.loop.execute(() -> acceptor.close(done::countDown));
        boolean onLoop = false;
        for (LoopState state : loops) {
            state.loop.execute(() -> state.shutdown(graceNanos, done::countDown));
            onLoop |= state.loop.inLoop();
        }
        if (onLoop) {
            return;
        }
        try {
            if (!done.await(graceNanos + CLOSE_MARGIN_NANOS, TimeUnit.NANOSECONDS)) {
                LOG.warn("HTTP listener on port {} did not close in time", port);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acceptor.closeChannel();
        }
    }

    /** {@link #close(Duration)} with five seconds of grace. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "HttpListener[port " + port + "]";
    }
}
