package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.UpstreamRequest;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

/**
 * HTTP/1.1 to upstreams on event loops, without waiting: the loop that runs a request writes it to the upstream
 * socket, which it registers with its own selector, and runs the response callbacks as bytes arrive. No thread
 * hand-off, no blocking; a name is resolved on a virtual thread (the one wait), an IP literal connected at once.
 *
 * <p>Each loop has its own keep-alive pool per origin and its own read buffer, shared by all its connections: a
 * response body is handed on straight from it. A pooled connection the server closed meanwhile is noticed while it
 * idles, or on first use, when the request goes again once on a new connection. Redirects are never followed.
 * Failures are reported as {@link SocketHttpTransport} throws them.
 *
 * <p>https speaks TLS as the waiting transport does ({@link TlsParameters}), through an {@code SSLEngine} on the loop
 * ({@link TlsChannel}); the handshake is part of connecting, within the connect timeout.
 */
public final class LoopHttpTransport implements AutoCloseable {
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    final Dialer dialer;
    /** The TLS context for https, or null for the JVM's default (loaded on first use). */
    final SSLContext tls;
    final Duration readTimeout;
    final long readTimeoutNanos;
    final long connectTimeoutNanos;
    final int maxIdlePerOrigin;
    final long idleTimeoutNanos;
    /** How often each loop looks for waits that timed out: a quarter of the shortest timeout, 10 ms to 1 s; 0: never. */
    final long sweepNanos;
    private final ConcurrentHashMap<EventLoop, LoopConnections> loops = new ConcurrentHashMap<>();
    volatile boolean closed;

    /**
     * Takes the settings {@link SocketHttpTransport#SocketHttpTransport(Duration, Duration, int, Duration)} takes, with
     * the same meaning; the idle connections are kept per loop.
     */
    public LoopHttpTransport(Duration connectTimeout, Duration readTimeout, int maxIdlePerHost, Duration idleTimeout) {
        this(new Dialer(connectTimeout), readTimeout, maxIdlePerHost, idleTimeout);
    }

    /** @param dialer gives the addresses of a host ({@link Dialer#resolve}, the egress policy's hook) */
    LoopHttpTransport(Dialer dialer, Duration readTimeout, int maxIdlePerHost, Duration idleTimeout) {
        this(dialer, null, readTimeout, maxIdlePerHost, idleTimeout);
    }

    /** @param tls the TLS context for https connections, or null for the JVM's default */
    LoopHttpTransport(Dialer dialer, SSLContext tls, Duration readTimeout, int maxIdlePerHost, Duration idleTimeout) {
        if (readTimeout.isNegative()) {
            throw new IllegalArgumentException("Timeouts must not be negative");
        }
        if (maxIdlePerHost < 0 || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("maxIdlePerHost and idleTimeout must not be negative");
        }
        this.dialer = dialer;
        this.tls = tls;
        this.readTimeout = readTimeout;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.connectTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(dialer.connectTimeoutMillis());
        this.maxIdlePerOrigin = maxIdlePerHost;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.sweepNanos = sweepPeriod(readTimeoutNanos, connectTimeoutNanos);
    }

    /** True for the requests this transport carries: http and https. */
    public boolean handles(URI uri) {
        String scheme = uri.getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    /**
     * Sends the request from the loop's thread, which must be the caller's. The request is checked first: an invalid
     * one throws {@link IllegalArgumentException} here, and nothing is sent. Every callback of the handler runs later,
     * on the loop, never inside this call.
     *
     * @throws IllegalStateException    when not called on the loop's thread
     * @throws IllegalArgumentException for a request this transport does not carry or that is not valid HTTP
     */
    public void send(EventLoop loop, UpstreamRequest request, ResponseHandler handler) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("Not on the event loop's thread");
        }
        Objects.requireNonNull(handler, "handler");
        LoopConnections site = site(loop);
        Origin origin = site.origins.of(request.uri());
        LoopExchange exchange = new LoopExchange(site, origin, request.method(), handler);
        RequestWriter.encode(request, origin, exchange); // an invalid request is refused before any byte is kept
        exchange.sending = true;
        try {
            LoopConnection pooled = site.acquire(origin);
            if (pooled != null) {
                pooled.start(exchange, true);
            } else {
                LoopConnection.open(site, exchange);
            }
        } finally {
            exchange.sending = false;
        }
    }

    /**
     * Closes the idle connections of every loop (on each loop's thread, after the tasks it has queued); connections
     * released later are closed instead of pooled. Exchanges in flight end on their own.
     */
    @Override
    public void close() {
        closed = true;
        for (LoopConnections site : loops.values()) {
            site.loop.execute(site::closeIdle);
        }
    }

    /** Idle connections pooled on the loop for the URI's origin; call on the loop's thread (tests). */
    int idleConnections(EventLoop loop, URI uri) {
        LoopConnections site = loops.get(loop);
        return site == null ? 0 : site.pooled(Origin.of(uri));
    }

    /** Connections on the loop resolving, connecting or carrying an exchange; call on the loop's thread (tests). */
    int busyConnections(EventLoop loop) {
        LoopConnections site = loops.get(loop);
        return site == null ? 0 : site.inUse();
    }

    private LoopConnections site(EventLoop loop) {
        LoopConnections site = loops.get(loop);
        return site != null ? site : loops.computeIfAbsent(loop, l -> new LoopConnections(this, l));
    }

    private static long sweepPeriod(long readTimeoutNanos, long connectTimeoutNanos) {
        long shortest = Long.MAX_VALUE;
        for (long timeout : new long[] {readTimeoutNanos, connectTimeoutNanos}) {
            if (timeout > 0) {
                shortest = Math.min(shortest, timeout);
            }
        }
        return shortest == Long.MAX_VALUE ? 0 : Math.clamp(shortest / 4, MIN_SWEEP_NANOS, MAX_SWEEP_NANOS);
    }
}
