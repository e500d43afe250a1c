package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;

/**
 * https over a non-blocking socket, through an {@link SSLEngine} set up as {@link TlsParameters} says. The loop drives
 * the handshake step by step ({@link #handshake}); the engine's delegated tasks (the server's certificate checked by
 * the trust manager, the key exchange) run on a virtual thread, because a trust manager may wait (a revocation check
 * fetches over the network) and the loop never does. Afterwards application bytes are wrapped on the way out and
 * unwrapped on the way in; the rare tasks after the handshake (a session ticket, a key update) are short, run inline.
 * End of stream without the peer's close_notify ends the input, as an {@code SSLSocket} takes it by default.
 *
 * <p>Encrypted bytes pass through buffers the loop shares ({@link Scratch}). A channel keeps of its own only what must
 * survive from one event to the next, and only while there is some: a record that arrived in part, and output the
 * socket did not take.
 */
final class TlsChannel implements LoopChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** A TLS record's header: type, version, two bytes of length. */
    private static final int HEADER = 5;

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final Scratch scratch;
    private int packetSize;
    /** Encrypted input short of a whole record. */
    private byte[] kept;
    private int keptLength;
    /** Encrypted output the socket did not take. */
    private ByteBuffer held;
    private boolean established;
    private boolean socketEnded;
    /** What the handshake waits for: OP_READ, OP_WRITE, or nothing while its tasks run. */
    private int handshakeOps;

    private TlsChannel(SocketChannel socket, SSLEngine engine, Scratch scratch) {
        this.socket = socket;
        this.engine = engine;
        this.scratch = scratch;
        this.packetSize = engine.getSession().getPacketBufferSize();
    }

    /** Begins a client handshake with the origin over the connected socket; {@link #handshake} takes it on. */
    static TlsChannel begin(SocketChannel socket, SSLContext context, Origin origin, Scratch scratch)
            throws IOException {
        SSLEngine engine = context.createSSLEngine(origin.bareHost(), origin.port());
        engine.setUseClientMode(true);
        engine.setSSLParameters(TlsParameters.configure(engine.getSSLParameters(), engine.getSupportedProtocols(),
                origin));
        engine.beginHandshake();
        return new TlsChannel(socket, engine, scratch);
    }

    /**
     * Takes the handshake on as far as it goes without waiting: true once it is done. Until then {@link #interestOps}
     * says what it waits for; when the engine has tasks, they run on a virtual thread, then {@code resume} on the loop.
     *
     * @throws IOException the handshake failed (an {@link SSLException} for TLS itself)
     */
    boolean handshake(EventLoop loop, Runnable resume) throws IOException {
        try {
            return handshakeStep(loop, resume);
        } catch (SSLException e) {
            alert();
            throw e;
        }
    }

    private boolean handshakeStep(EventLoop loop, Runnable resume) throws IOException {
        while (true) {
            if (held != null && !flushHeld()) {
                handshakeOps = SelectionKey.OP_WRITE;
                return false;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    if (!wrapOwn()) {
                        throw new SSLHandshakeException("TLS engine stalled in the handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapHandshake()) {
                        handshakeOps = SelectionKey.OP_READ;
                        return false;
                    }
                }
                case NEED_TASK -> {
                    handshakeOps = 0;
                    runTasks(loop, resume);
                    return false;
                }
                default -> {
                    established = true;
                    packetSize = engine.getSession().getPacketBufferSize();
                    return true;
                }
            }
        }
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (engine.isInboundDone()) {
            return -1;
        }
        int start = into.position();
        ByteBuffer in = fill(into.remaining());
        try {
            // No more encrypted bytes than there is room for, so every whole record fits once unwrapped. The engine
            // checks the room before it checks that the record is whole: a record in part may overflow as well.
            while (in.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(in, into);
                if (result.getStatus() == Status.BUFFER_OVERFLOW && in.remaining() >= HEADER
                        && recordLength(in) <= in.remaining()) {
                    throw new SSLException("TLS record larger than the read buffer");
                }
                if (result.getStatus() != Status.OK || result.bytesConsumed() == 0) {
                    break; // a record in part, or the peer's close_notify
                }
                afterHandshake(result.getHandshakeStatus());
            }
        } finally {
            keep(in);
        }
        int n = into.position() - start;
        return n > 0 ? n : engine.isInboundDone() || socketEnded ? -1 : 0;
    }

    @Override
    public boolean write(ByteBuffer first, ByteBuffer second) throws IOException {
        if (held != null && !flushHeld()) {
            return false;
        }
        ByteBuffer[] sources = scratch.sources;
        sources[0] = first;
        sources[1] = second != null ? second : EMPTY;
        try {
            while (first.hasRemaining() || sources[1].hasRemaining()) {
                // As many records as fit in the shared buffer, then one system call for them.
                ByteBuffer out = scratch.out(packetSize);
                do {
                    SSLEngineResult result = engine.wrap(sources, out);
                    if (result.getStatus() == Status.CLOSED) {
                        throw new SSLException("TLS connection closed");
                    }
                    if (result.getStatus() == Status.BUFFER_OVERFLOW || result.bytesConsumed() == 0) {
                        if (out.position() > 0) {
                            break;
                        }
                        throw new SSLException("TLS engine took no bytes: " + result);
                    }
                    if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasksInline();
                    }
                } while (out.remaining() >= packetSize && (first.hasRemaining() || sources[1].hasRemaining()));
                out.flip();
                if (!send(out)) {
                    return false;
                }
            }
        } finally {
            sources[0] = null;
            sources[1] = null;
        }
        afterHandshake(engine.getHandshakeStatus());
        return held == null;
    }

    @Override
    public boolean flush() throws IOException {
        return held == null || flushHeld();
    }

    @Override
    public int interestOps(int wanted) {
        if (!established) {
            return handshakeOps;
        }
        return held == null ? wanted : wanted | SelectionKey.OP_WRITE;
    }

    @Override
    public boolean inputPending() {
        return established && engine.isInboundDone();
    }

    /** Sends a close_notify if the handshake is done and the socket takes it now, then closes the socket. */
    @Override
    public void close() {
        try {
            // Not while the handshake runs: its tasks may hold the engine's lock, and the loop must not wait for it.
            if (established && held == null && !engine.isOutboundDone()) {
                engine.closeOutbound();
                ByteBuffer out = scratch.out(packetSize);
                engine.wrap(EMPTY, out);
                out.flip();
                socket.write(out);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the socket is closed anyway
        } finally {
            kept = null;
            keptLength = 0;
            held = null;
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Unwraps handshake records; false when no whole record is there and the socket has no more for now. */
    private boolean unwrapHandshake() throws IOException {
        ByteBuffer none = scratch.handshakeOutput(engine.getSession().getApplicationBufferSize());
        ByteBuffer in = fill(scratch.in.capacity());
        SSLEngineResult result;
        try {
            do {
                result = engine.unwrap(in, none);
            } while (result.getStatus() == Status.OK && result.bytesConsumed() > 0 && in.hasRemaining()
                    && result.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP);
        } finally {
            keep(in);
        }
        if (none.position() > 0) {
            throw new SSLProtocolException("Application data inside the TLS handshake");
        }
        return switch (result.getStatus()) {
            case OK -> result.bytesConsumed() > 0 || result.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP;
            case BUFFER_UNDERFLOW -> {
                if (socketEnded) {
                    throw new SSLHandshakeException("Remote host terminated the handshake");
                }
                yield false;
            }
            case CLOSED -> throw new SSLHandshakeException("Remote host closed the connection in the handshake");
            case BUFFER_OVERFLOW -> throw new SSLException("TLS handshake record too large");
        };
    }

    /** Sends the alert a failed engine has for the peer, if the socket takes it now. */
    private void alert() {
        try {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrapOwn();
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the connection is failing anyway
        }
    }

    /** After the handshake: runs the engine's short tasks and sends what it has to say (a key update, an alert). */
    private void afterHandshake(HandshakeStatus status) throws IOException {
        while (true) {
            if (status == HandshakeStatus.NEED_TASK) {
                runTasksInline();
            } else if (status != HandshakeStatus.NEED_WRAP || !wrapOwn()) {
                return;
            }
            status = engine.getHandshakeStatus();
        }
    }

    /** Wraps and sends a message of the engine's own; false when it made none. */
    private boolean wrapOwn() throws IOException {
        ByteBuffer out = scratch.out(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(EMPTY, out);
        if (result.bytesProduced() == 0) {
            return false;
        }
        out.flip();
        send(out);
        return true;
    }

    private void runTasks(EventLoop loop, Runnable resume) {
        Thread.ofVirtual().name("gatehouse-tls").start(() -> {
            try {
                runTasksInline(); // the engine keeps what a task throws, and throws it from the next step
            } finally {
                loop.execute(resume);
            }
        });
    }

    private void runTasksInline() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /** The encrypted input there is, flipped: what was kept, then what one read of at most {@code room} adds. */
    private ByteBuffer fill(int room) throws IOException {
        ByteBuffer in = scratch.in;
        in.clear();
        if (keptLength > 0) {
            in.put(kept, 0, keptLength);
        }
        in.limit(Math.max(in.position(), Math.min(in.capacity(), room)));
        if (!socketEnded && in.hasRemaining() && socket.read(in) < 0) {
            socketEnded = true;
        }
        return in.flip();
    }

    /** Keeps what is left of the input (a record in part) until the next read; nothing when nothing is left. */
    private void keep(ByteBuffer in) {
        int n = in.remaining();
        if (n == 0) {
            kept = null;
            keptLength = 0;
            return;
        }
        if (kept == null || kept.length < n) {
            kept = new byte[Math.max(n, recordLength(in))];
        }
        in.get(kept, 0, n);
        keptLength = n;
    }

    /** The length of the record at the buffer's position, header included, as far as its header tells; else 0. */
    private static int recordLength(ByteBuffer in) {
        if (in.remaining() < HEADER) {
            return 0;
        }
        int at = in.position();
        return HEADER + ((in.get(at + 3) & 0xff) << 8 | (in.get(at + 4) & 0xff));
    }

    /** Sends wrapped bytes after those held back, holding back what the socket does not take; true when all went. */
    private boolean send(ByteBuffer out) throws IOException {
        if (held == null || flushHeld()) {
            socket.write(out);
            if (!out.hasRemaining()) {
                return true;
            }
        }
        ByteBuffer more = ByteBuffer.allocate((held == null ? 0 : held.remaining()) + out.remaining());
        if (held != null) {
            more.put(held);
        }
        held = more.put(out).flip();
        return false;
    }

    private boolean flushHeld() throws IOException {
        socket.write(held);
        if (held.hasRemaining()) {
            return false;
        }
        held = null;
        return true;
    }

    /**
     * The buffers the TLS connections of one loop share. None keeps bytes in them from one event to the next, and
     * nothing a connection does inside one of its reads or writes reaches another connection's, so one set serves all.
     */
    static final class Scratch {
        private static final int OUT_SIZE = 64 * 1024;

        /** Encrypted input: what a connection kept, then what one read added. */
        final ByteBuffer in = ByteBuffer.allocate(LoopConnections.READ_BUFFER_SIZE);
        /** The application bytes to wrap. */
        final ByteBuffer[] sources = new ByteBuffer[2];
        private ByteBuffer out;
        private ByteBuffer handshakeOutput;

        /** Encrypted output, cleared: room for records of {@code packetSize} bytes. */
        ByteBuffer out(int packetSize) {
            if (out == null || out.capacity() < packetSize) {
                out = ByteBuffer.allocate(Math.max(OUT_SIZE, packetSize));
            }
            return out.clear();
        }

        /** Where a handshake unwraps to, cleared (it yields no application bytes, but needs the room). */
        ByteBuffer handshakeOutput(int size) {
            if (handshakeOutput == null || handshakeOutput.capacity() < size) {
                handshakeOutput = ByteBuffer.allocate(size);
            }
            return handshakeOutput.clear();
        }
    }
}
