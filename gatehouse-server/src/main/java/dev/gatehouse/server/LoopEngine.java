package dev.gatehouse.server;

import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.io.EventLoopGroup;
import dev.gatehouse.server.http.HttpLimits;
import dev.gatehouse.server.http.HttpListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code loop} engine: event loops (one per CPU unless configured), each running the requests of its connections
 * from the socket read to the response write, and calling providers (http and https) on the same loop.
 */
final class LoopEngine implements GatewayServer.Engine {
    private final EventLoopGroup loops;
    private final HttpListener listener;
    private volatile boolean closing;

    private LoopEngine(ServerSettings settings, Gateway gateway) throws IOException {
        this.loops = new EventLoopGroup(settings.eventLoops(), "gatehouse-loop",
                TimeUnit.MICROSECONDS.toNanos(settings.busyPollMicros()));
        LoopApiHandler handler = new LoopApiHandler(gateway, settings.maxRequestBytes(), () -> !closing);
        try {
            this.listener = HttpListener.start(settings.host(), settings.port(), loops, handler,
                    HttpLimits.defaults(settings.maxRequestBytes()));
        } catch (IOException | RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    /** Binds and starts serving; throws {@link UncheckedIOException} wrapping a {@link BindException}. */
    static LoopEngine start(ServerSettings settings, Gateway gateway) {
        try {
            return new LoopEngine(settings, gateway);
        } catch (IOException e) {
            BindException bind = new BindException("Cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + (e instanceof BindException ? "the address is in use or not available on this machine"
                    : e.getMessage()));
            bind.initCause(e);
            throw new UncheckedIOException(bind);
        }
    }

    @Override
    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        closing = true;
        listener.close();
        loops.close();
    }
}
