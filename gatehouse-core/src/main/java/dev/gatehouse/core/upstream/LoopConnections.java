package dev.gatehouse.core.upstream;

import dev.gatehouse.core.io.EventLoop;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@link LoopHttpTransport} keeps for one event loop, touched only on that loop's thread (so without locks): the
 * idle keep-alive connections per {@link Origin}, the connections in use, the buffer every connection of the loop reads
 * into (and those its TLS connections share), the head parser and the origins of recent URIs. One periodic sweep (a
 * timer that re-arms itself while there are connections) enforces the connect and read timeouts and drops idle
 * connections that expired: a timer per request or per read would pile up in the loop's timer queue, where cancelled
 * timers stay until due.
 */
final class LoopConnections implements Runnable {
    /** The shared read buffer: one per loop, however many connections the loop serves. */
    static final int READ_BUFFER_SIZE = 64 * 1024;

    final LoopHttpTransport transport;
    final EventLoop loop;
    final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    final ResponseHeadReader heads = new ResponseHeadReader();
    final Origins origins = new Origins();
    /** Per origin a LIFO stack: the most recently used connection is the likeliest to be alive and warm. */
    private final HashMap<Origin, ArrayDeque<LoopConnection>> idle = new HashMap<>();
    /** Connections resolving, connecting or carrying an exchange: what the sweep looks at. */
    private final ArrayList<LoopConnection> busy = new ArrayList<>();
    private int idleCount;
    private boolean sweeping;
    private TlsChannel.Scratch tlsScratch;

    LoopConnections(LoopHttpTransport transport, EventLoop loop) {
        this.transport = transport;
        this.loop = loop;
    }

    /** The buffers the loop's TLS connections share, made when the first needs them. */
    TlsChannel.Scratch tlsScratch() {
        if (tlsScratch == null) {
            tlsScratch = new TlsChannel.Scratch();
        }
        return tlsScratch;
    }

    /** The most recently idled connection to the origin that has not expired, or null. */
    LoopConnection acquire(Origin origin) {
        ArrayDeque<LoopConnection> stack = idle.get(origin);
        LoopConnection top = stack == null ? null : stack.pollFirst();
        if (top == null) {
            return null;
        }
        idleCount--;
        if (!expired(top, System.nanoTime())) {
            return top;
        }
        // The top expired, so all below it did too.
        top.close();
        while (!stack.isEmpty()) {
            evict(stack);
        }
        return null;
    }

    /**
     * Pools a connection whose exchange ended cleanly, on top of its origin's stack; past the stack's bound, or once
     * the transport is closed, the connection is closed instead.
     */
    void release(LoopConnection connection) {
        unbusy(connection);
        if (transport.closed || transport.maxIdlePerOrigin == 0) {
            connection.close();
            return;
        }
        long now = System.nanoTime();
        connection.idle(now);
        ArrayDeque<LoopConnection> stack = idle.computeIfAbsent(connection.origin, origin -> new ArrayDeque<>());
        stack.addFirst(connection);
        idleCount++;
        while (stack.size() > transport.maxIdlePerOrigin || expired(stack.peekLast(), now)) {
            evict(stack);
        }
        sweep();
    }

    /** An idle connection closed: out of the pool. */
    void forgetIdle(LoopConnection connection) {
        ArrayDeque<LoopConnection> stack = idle.get(connection.origin);
        if (stack != null && stack.removeFirstOccurrence(connection)) {
            idleCount--;
        }
    }

    void busy(LoopConnection connection) {
        connection.busyIndex = busy.size();
        busy.add(connection);
        sweep();
    }

    void unbusy(LoopConnection connection) {
        int index = connection.busyIndex;
        if (index < 0) {
            return;
        }
        LoopConnection last = busy.removeLast();
        if (last != connection) {
            busy.set(index, last);
            last.busyIndex = index;
        }
        connection.busyIndex = -1;
    }

    /** Closes every idle connection. */
    void closeIdle() {
        for (ArrayDeque<LoopConnection> stack : idle.values()) {
            while (!stack.isEmpty()) {
                evict(stack);
            }
        }
    }

    /** Connections waiting in the pool for the origin (tests). */
    int pooled(Origin origin) {
        ArrayDeque<LoopConnection> stack = idle.get(origin);
        return stack == null ? 0 : stack.size();
    }

    /** Connections resolving, connecting or carrying an exchange (tests). */
    int inUse() {
        return busy.size();
    }

    /** One pass of the sweep: times out waits that ran too long, closes expired idle connections, re-arms. */
    @Override
    public void run() {
        long now = System.nanoTime();
        for (int i = busy.size() - 1; i >= 0; i--) {
            // A failure's handler may send or cancel, changing the list; a connection checked twice is no harm.
            if (i < busy.size()) {
                busy.get(i).checkTimeout(now);
            }
        }
        if (idleCount > 0) {
            for (ArrayDeque<LoopConnection> stack : idle.values()) {
                while (!stack.isEmpty() && expired(stack.peekLast(), now)) {
                    evict(stack);
                }
            }
        }
        sweeping = false;
        sweep();
    }

    /** Arms the sweep while there is anything to sweep (and a timeout to enforce). */
    private void sweep() {
        if (!sweeping && transport.sweepNanos > 0 && (!busy.isEmpty() || idleCount > 0)) {
            sweeping = true;
            loop.schedule(transport.sweepNanos, TimeUnit.NANOSECONDS, this);
        }
    }

    private void evict(ArrayDeque<LoopConnection> stack) {
        LoopConnection oldest = stack.pollLast();
        idleCount--;
        oldest.close();
    }

    private boolean expired(LoopConnection connection, long now) {
        return now - connection.since > transport.idleTimeoutNanos;
    }
}
