package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamRequest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HttpTransport} speaking HTTP/1.1 over blocking sockets, for callers on virtual threads: the calling thread
 * writes the request and reads the response itself, with no hand-off to selector or executor threads. Keep-alive
 * connections are pooled per origin; a pooled connection the server closed meanwhile is detected on first use and the
 * request retried once on a new connection. Redirects are never followed: a 3xx is returned as is.
 *
 * <p>The response body is read straight off the socket as it arrives. Closing it returns the connection to the pool if
 * the body was read to its end, and closes the connection otherwise.
 */
public final class SocketHttpTransport implements HttpTransport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketHttpTransport.class);

    private final Dialer dialer;
    private final ConnectionPool pool;
    private final IoTimeouts ioTimeouts;
    private final Duration readTimeout;

    /**
     * @param connectTimeout for TCP connect and the TLS handshake (zero: none)
     * @param readTimeout    the longest wait for any byte of a response, including between body chunks, and for the
     *                       server to take any part of the request (zero: none)
     * @param maxIdlePerHost idle keep-alive connections kept per scheme, host and port (zero: no reuse)
     * @param idleTimeout    idle connections older than this are closed instead of reused
     */
    public SocketHttpTransport(Duration connectTimeout, Duration readTimeout, int maxIdlePerHost, Duration idleTimeout) {
        this(new Dialer(connectTimeout),
                new ConnectionPool(maxIdlePerHost, idleTimeout.toNanos(), System::nanoTime), readTimeout);
    }

    SocketHttpTransport(Dialer dialer, ConnectionPool pool, Duration readTimeout) {
        if (readTimeout.isNegative()) {
            throw new IllegalArgumentException("Timeouts must not be negative");
        }
        this.dialer = dialer;
        this.pool = pool;
        this.readTimeout = readTimeout;
        this.ioTimeouts = new IoTimeouts(readTimeout.toNanos());
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        Origin origin = Origin.of(request.uri());
        RequestWriter.validate(request);
        Connection pooled = pool.acquire(origin);
        if (pooled != null) {
            try {
                return exchange(request, origin, pooled, true);
            } catch (StaleConnectionException e) {
                LOG.debug("Pooled connection to {} was closed by the server; retrying on a new connection",
                        origin.host());
            } catch (IOException e) {
                throw UpstreamFailures.failure(origin, e, readTimeout);
            }
        }
        Connection fresh;
        try {
            fresh = dialer.dial(origin);
        } catch (SocketTimeoutException e) {
            throw UpstreamFailures.connectTimeout(origin, e);
        } catch (IOException e) {
            throw UpstreamFailures.unreachable(origin, e);
        }
        ioTimeouts.watch(fresh);
        try {
            return exchange(request, origin, fresh, false);
        } catch (IOException e) {
            throw UpstreamFailures.failure(origin, e, readTimeout);
        }
    }

    /** Closes every idle connection; responses still being read close their connections when done. */
    @Override
    public void close() {
        pool.close();
        ioTimeouts.close();
    }

    /** Idle connections pooled for the URI's origin (tests). */
    int idleConnections(URI uri) {
        return pool.idleCount(Origin.of(uri));
    }

    /**
     * Writes the request and reads the response head. On a reused connection, failing to write or reading end of
     * stream (or a reset) before the first response byte means the server had closed it: {@link
     * StaleConnectionException}, and the request never reached the application. The connection is closed on any
     * failure.
     */
    private UpstreamResponse exchange(UpstreamRequest request, Origin origin, Connection connection, boolean reused)
            throws IOException {
        boolean handedOff = false;
        try {
            try {
                RequestWriter.write(request, origin, connection);
            } catch (SocketTimeoutException e) {
                throw e; // the server stopped reading: it may have the request in part, so no retry
            } catch (IOException e) {
                throw stale(reused, e);
            }
            int first;
            try {
                first = connection.in().read();
            } catch (SocketTimeoutException e) {
                throw e; // the server is slow, not gone: retrying would send the request twice
            } catch (IOException e) {
                throw stale(reused, e);
            }
            if (first < 0) {
                throw stale(reused, new EOFException("Upstream closed the connection without a response"));
            }
            ResponseHeadReader reader = new ResponseHeadReader(connection, first);
            ResponseHead head = reader.read();
            while (head.interim()) {
                if (head.status() == 101) {
                    throw new MalformedResponseException("unrequested protocol switch");
                }
                head = reader.read();
            }
            handedOff = true;
            return new UpstreamResponse(head.status(), head.headers(), body(request.method(), head, connection));
        } finally {
            if (!handedOff) {
                connection.close();
            }
        }
    }

    private InputStream body(String method, ResponseHead head, Connection connection) {
        boolean persistent = head.persistent(head.hasBody(method));
        return switch (head.framing(method)) {
            case NONE -> {
                if (persistent) {
                    pool.release(connection);
                } else {
                    connection.close();
                }
                yield InputStream.nullInputStream();
            }
            case CHUNKED -> new ChunkedBody(connection, pool, persistent);
            case UNTIL_CLOSE -> new UntilCloseBody(connection, pool);
            case LENGTH -> new FixedLengthBody(connection, pool, persistent, head.contentLength());
        };
    }

    private static IOException stale(boolean reused, IOException cause) {
        return reused && !Thread.currentThread().isInterrupted() ? new StaleConnectionException(cause) : cause;
    }

    /** A reused connection turned out closed before any response byte: the request may be sent again. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super(cause);
        }
    }
}
