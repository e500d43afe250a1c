package dev.gatehouse.server.http;

/**
 * A connection's input side: bytes in, requests out, one at a time. What cannot be used yet (a partial head, requests
 * pipelined before their turn) is kept, up to the head limit; the {@link Connection} says when a request may be read
 * and takes each one that is complete or refused. Kept apart from the connection's life cycle so that the rules of
 * pipelining (what is kept, when reading stops, what is dropped) are read in one place.
 */
final class Intake {
    private final Connection connection;
    private final Inbound in = new Inbound();
    private final RequestReader reader;
    private final int maxHeadBytes;
    /** Requests are being read from some bytes: a response completed meanwhile must not read them again. */
    private boolean processing;

    Intake(Connection connection, LoopState loop) {
        this.connection = connection;
        this.reader = new RequestReader(loop);
        this.maxHeadBytes = loop.limits.maxHeadBytes();
    }

    /** Bytes that came while the connection waits for a request, or reads one. */
    void received(byte[] bytes, int n) {
        if (in.isEmpty()) {
            keep(bytes, process(bytes, 0, n), n);
        } else {
            in.keep(bytes, 0, n);
            processKept();
        }
    }

    /** Keeps {@code bytes[from, to)}, which were not parsed: a partial head, or requests before their turn. */
    void keep(byte[] bytes, int from, int to) {
        if (from < to && !connection.closed()) {
            in.keep(bytes, from, to);
            checkKept();
        }
    }

    /** The connection is ready for its next request: reads the one already kept, if any. */
    void resume() {
        if (!processing && !in.isEmpty()) {
            processKept();
        }
    }

    boolean isEmpty() {
        return in.isEmpty();
    }

    /** Drops what is kept: no request will follow. */
    void drop() {
        in.drop();
    }

    /** The head of the request being refused, when it was parsed; drops the rest of the input. */
    RequestHead refused() {
        RequestHead head = reader.head();
        reader.reset();
        in.drop();
        return head;
    }

    /** The connection closed. */
    void reset() {
        in.drop();
        reader.reset();
    }

    private void processKept() {
        byte[] bytes = in.bytes();
        int pos = process(bytes, in.start(), in.end());
        if (in.bytes() == bytes) { // else dropped meanwhile: refused or closed
            in.consumedTo(pos);
            checkKept();
        }
    }

    /** Bounds what is kept, and drops it when no request will follow. */
    private void checkKept() {
        if (!connection.wantsInput()) {
            if (!in.isEmpty()) {
                connection.inputUnread();
            }
            in.drop();
        } else if (connection.busy() && in.size() >= maxHeadBytes) {
            connection.pauseReading(); // enough kept: the socket holds the rest
        }
    }

    /**
     * Reads requests from {@code b[pos, end)} while the connection is reading; returns where it stopped: at
     * {@code end}, at the start of a partial head, or where the next request starts once the handler has one.
     */
    private int process(byte[] b, int pos, int end) {
        processing = true;
        try {
            while (connection.readingRequest(pos < end)) {
                pos = reader.read(b, pos, end);
                switch (reader.outcome()) {
                    case RequestReader.READY -> {
                        RequestHead head = reader.head();
                        byte[] body = reader.body();
                        int bodyLength = reader.bodyLength();
                        reader.reset();
                        connection.dispatch(head, body, bodyLength);
                    }
                    case RequestReader.REFUSED -> {
                        connection.reject(reader.status());
                        return end;
                    }
                    default -> {
                        if (reader.takeContinue()) {
                            connection.sendContinue();
                        }
                        return pos;
                    }
                }
            }
            return pos;
        } finally {
            processing = false;
        }
    }
}
