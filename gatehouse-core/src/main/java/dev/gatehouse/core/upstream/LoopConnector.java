package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;

/**
 * Opens the socket of a new {@link LoopConnection} without waiting: has the {@link Dialer} (the egress policy's hook)
 * give the host's addresses, a name resolved on a virtual thread, connects to them in turn within the connect timeout
 * and, for https, takes the TLS handshake through within a connect timeout of its own, as the Dialer does. Then hands
 * the connection its {@link LoopChannel}, or fails it. Confined to the loop; the virtual threads it starts come back
 * with {@link EventLoop#execute}.
 */
final class LoopConnector implements EventLoop.Ready, Runnable {
    private final LoopConnection connection;
    private final LoopConnections site;
    private final Origin origin;
    private InetAddress[] addresses;
    private int nextAddress;
    /** Connecting has begun: its time is running. */
    private boolean timed;
    /** When connecting, or else the handshake, runs out of time. */
    private long deadline;
    private IOException failure;
    private SocketChannel socket;
    private SelectionKey key;
    private int interest;
    private TlsChannel tls;
    private boolean closed;

    LoopConnector(LoopConnection connection) {
        this.connection = connection;
        this.site = connection.site;
        this.origin = connection.origin;
    }

    /**
     * Connects at once to an IP literal; resolves a name on a virtual thread first, where the JVM's default TLS context
     * is loaded too if https needs it and nothing loaded it yet.
     */
    void start() {
        Dialer dialer = site.transport.dialer;
        if (!numeric(origin.host()) || defaultTls() && !TlsParameters.defaultContextLoaded()) {
            Thread.ofVirtual().name("gatehouse-resolve").start(() -> resolve(dialer));
            return;
        }
        InetAddress[] found;
        try {
            found = dialer.addresses(origin);
        } catch (IOException | RuntimeException e) {
            failed(UpstreamFailures.unreachable(origin, asIo(e)));
            return;
        }
        connect(found);
    }

    @Override
    public void ready(SelectionKey selected) {
        if (closed || selected != key || !selected.isValid()) {
            return;
        }
        if (tls != null) {
            handshake();
        } else if ((selected.readyOps() & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
        }
    }

    /** Takes the handshake on, after its tasks ran. */
    @Override
    public void run() {
        handshake();
    }

    /** Fails the connection if connecting or the handshake ran over the connect timeout at {@code now}. */
    void checkTimeout(long now) {
        if (timed && site.transport.connectTimeoutNanos > 0 && now - deadline >= 0) {
            timedOut();
        }
    }

    /** Stops, closing the socket if there is one (without a word: the handshake is not through). */
    void close() {
        closed = true;
        addresses = null;
        if (tls != null) {
            tls.close();
        } else if (socket != null) {
            closeQuietly(socket);
        }
    }

    /** On a virtual thread: asks the dialer for the addresses, then goes back to the loop. */
    private void resolve(Dialer dialer) {
        if (defaultTls()) {
            try {
                TlsParameters.defaultContext();
            } catch (IOException e) {
                // reported when the handshake begins
            }
        }
        try {
            InetAddress[] found = dialer.addresses(origin);
            site.loop.execute(() -> connect(found));
        } catch (IOException | RuntimeException e) {
            IOException cause = asIo(e);
            site.loop.execute(() -> failed(UpstreamFailures.unreachable(origin, cause)));
        }
    }

    private void connect(InetAddress[] found) {
        if (closed) {
            return;
        }
        addresses = found;
        nextAddress = 0;
        timed = true;
        deadline = System.nanoTime() + site.transport.connectTimeoutNanos;
        connectNext();
    }

    /** Tries the next address, within what is left of the connect timeout; fails once none is left. */
    private void connectNext() {
        while (nextAddress < addresses.length) {
            if (site.transport.connectTimeoutNanos > 0 && System.nanoTime() - deadline >= 0) {
                timedOut();
                return;
            }
            InetAddress address = addresses[nextAddress++];
            SocketChannel opened = null;
            boolean connected;
            try {
                opened = SocketChannel.open();
                opened.configureBlocking(false);
                opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connected = opened.connect(new InetSocketAddress(address, origin.port()));
                interest = connected ? 0 : SelectionKey.OP_CONNECT;
                key = site.loop.register(opened, interest, this);
                socket = opened;
            } catch (IOException | RuntimeException e) {
                // RuntimeException: an address the socket cannot take (another family, say) fails like any other.
                closeQuietly(opened);
                addressFailed(asIo(e));
                continue;
            }
            if (connected) {
                connected();
            }
            return;
        }
        failed(UpstreamFailures.unreachable(origin, failure));
    }

    private void finishConnect() {
        boolean connected;
        try {
            connected = socket.finishConnect();
        } catch (IOException e) {
            closeQuietly(socket);
            socket = null;
            key = null;
            addressFailed(e);
            connectNext();
            return;
        }
        if (connected) {
            connected();
        }
    }

    private void connected() {
        addresses = null;
        failure = null;
        if (!origin.tls()) {
            connection.opened(new PlainChannel(socket), key, interest);
            return;
        }
        try {
            SSLContext context = site.transport.tls != null ? site.transport.tls : TlsParameters.defaultContext();
            tls = TlsChannel.begin(socket, context, origin, site.tlsScratch());
        } catch (IOException | RuntimeException e) {
            failed(UpstreamFailures.unreachable(origin, asIo(e)));
            return;
        }
        deadline = System.nanoTime() + site.transport.connectTimeoutNanos;
        handshake();
    }

    private void handshake() {
        if (closed) {
            return;
        }
        boolean done;
        try {
            done = tls.handshake(site.loop, this);
        } catch (IOException | RuntimeException e) {
            // A certificate that is not trusted or not for this host, an alert, the server hanging up: unreachable.
            failed(UpstreamFailures.unreachable(origin, asIo(e)));
            return;
        }
        if (done) {
            connection.opened(tls, key, interest);
        } else {
            int ops = tls.interestOps(0);
            if (ops != interest && key.isValid()) {
                interest = ops;
                key.interestOps(ops);
            }
        }
    }

    private boolean defaultTls() {
        return origin.tls() && site.transport.tls == null;
    }

    private void addressFailed(IOException e) {
        if (failure != null) {
            e.addSuppressed(failure);
        }
        failure = e;
    }

    private void timedOut() {
        IOException cause = tls != null ? new SocketTimeoutException("TLS handshake timed out")
                : Dialer.connectTimedOut(failure);
        failed(UpstreamFailures.connectTimeout(origin, cause));
    }

    /** Fails the connection (which closes this) unless it was closed already. */
    private void failed(UpstreamException error) {
        if (!closed) {
            connection.fail(error);
        }
    }

    /** A resolver's failure as an I/O failure (an egress policy may refuse with an unchecked exception). */
    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /**
     * True for a host that is an address literal, connected without resolving: bracketed IPv6, or a dotted quad of
     * decimal numbers up to 255. Anything else (including the short forms an IPv4 parser may take) is resolved off
     * the loop.
     */
    static boolean numeric(String host) {
        if (host.startsWith("[")) {
            return true;
        }
        int parts = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255 || ++parts > 4) {
                    return false;
                }
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return false;
            }
        }
        return parts == 4;
    }
}
