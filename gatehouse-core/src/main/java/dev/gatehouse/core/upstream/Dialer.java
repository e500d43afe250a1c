package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens new connections: resolves the host, connects (TCP_NODELAY) to the first address that answers within the
 * connect timeout, and for https wraps the socket in TLS as {@link TlsParameters} sets it up (1.3/1.2, SNI, hostname
 * verification). {@link LoopHttpTransport} connects on its own, without waiting, but takes its addresses from here too.
 */
class Dialer {
    private final int connectTimeoutMillis;
    private final SSLSocketFactory tls;

    /**
     * @param tls the TLS socket factory, or null for the JVM default (created on first https use)
     */
    Dialer(int connectTimeoutMillis, SSLSocketFactory tls) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.tls = tls;
    }

    /** A dialer with the JVM's default TLS; a zero connect timeout means none. */
    Dialer(Duration connectTimeout) {
        this(millis(connectTimeout), null);
    }

    int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /**
     * The addresses to try for a host, in order. The one place names become addresses: an egress policy (allowed
     * ranges, pinning) replaces this method.
     */
    InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }

    /** The addresses to try for the origin's host, in order: never empty. */
    InetAddress[] addresses(Origin origin) throws UnknownHostException {
        InetAddress[] addresses = resolve(origin.bareHost());
        if (addresses.length == 0) {
            throw new UnknownHostException("no addresses");
        }
        return addresses;
    }

    /** What connecting throws when the connect timeout ran out, with the failure of an earlier address if any. */
    static SocketTimeoutException connectTimedOut(IOException earlier) {
        SocketTimeoutException timeout = new SocketTimeoutException("connect timed out");
        if (earlier != null) {
            timeout.addSuppressed(earlier);
        }
        return timeout;
    }

    /** A connected (and for https, handshaken) connection; throws {@link SocketTimeoutException} on connect timeout. */
    Connection dial(Origin origin) throws IOException {
        Socket plain = connect(origin);
        Socket socket = plain;
        try {
            if (origin.tls()) {
                socket = handshake(plain, origin);
                socket.setSoTimeout(0); // reads are timed by IoTimeouts, not by the socket
            }
            return new Connection(origin, socket, plain);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            closeQuietly(plain);
            throw e;
        }
    }

    private Socket connect(Origin origin) throws IOException {
        InetAddress[] addresses = addresses(origin);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
        IOException failure = null;
        for (InetAddress address : addresses) {
            int remaining = remainingMillis(deadline);
            if (connectTimeoutMillis > 0 && remaining <= 0) {
                throw connectTimedOut(failure);
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, origin.port()), connectTimeoutMillis > 0 ? remaining : 0);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (e instanceof SocketTimeoutException) {
                    // The whole connect budget went to this address.
                    throw e;
                }
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    private Socket handshake(Socket plain, Origin origin) throws IOException {
        SSLSocketFactory factory = tls != null ? tls : DefaultTls.FACTORY;
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, origin.bareHost(), origin.port(), true);
        socket.setSSLParameters(TlsParameters.configure(socket.getSSLParameters(), socket.getSupportedProtocols(),
                origin));
        // The handshake is part of connecting, so it gets the connect timeout.
        socket.setSoTimeout(connectTimeoutMillis);
        socket.startHandshake();
        return socket;
    }

    private static int millis(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Timeouts must not be negative");
        }
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
    }

    private static int remainingMillis(long deadline) {
        long nanos = deadline - System.nanoTime();
        return nanos <= 0 ? 0 : (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** The JVM's default TLS factory, loaded (trust store and all) only when a first https connection needs it. */
    private static final class DefaultTls {
        static final SSLSocketFactory FACTORY = (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
}
