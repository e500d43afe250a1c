package dev.gatehouse.core.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The response a {@link LoopConnection} reads, as its bytes arrive: the head ({@link LoopHead}), handed out once it
 * is whole; then the body, handed on to the exchange until its framed end (a length, the last chunk, or the close),
 * and held while the consumer has paused. Tells the connection how the exchange ends: complete, failed, or (no
 * response byte yet) lost. One per connection, reset for each exchange; confined to the loop.
 */
final class LoopResponse implements Runnable {
    private final LoopConnection connection;
    private final LoopHead head;
    /** How the body is delimited; null while the head is read. */
    private ResponseHead.Framing framing;
    private boolean persistent;
    /** Content-Length bytes still to come. */
    private long remaining;
    private ChunkDecoder chunks;
    /** Bytes read before the consumer paused and not yet handed on. */
    private byte[] stash;
    private int stashStart;
    private int stashEnd;
    private boolean drainQueued;
    /** Where the bytes {@link #data} found start. */
    private int position;

    LoopResponse(LoopConnection connection) {
        this.connection = connection;
        this.head = new LoopHead(connection.site.heads);
    }

    /** Ready for the head of the next response. */
    void reset() {
        head.reset();
        framing = null;
    }

    /** True once the final head was handed out: the bytes that follow are the body's. */
    boolean inBody() {
        return framing != null;
    }

    /** Takes the bytes {@code bytes[0, n)} of a read: head bytes until the final head is whole, then the body. */
    void received(LoopExchange current, byte[] bytes, int n) {
        if (framing != null) {
            body(current, bytes, 0, n);
            return;
        }
        if (!current.answered) {
            current.answered();
        }
        ResponseHead parsed;
        try {
            parsed = head.read(bytes, 0, n);
        } catch (IOException e) {
            connection.failHead(e);
            return;
        }
        if (parsed == null) {
            return; // the rest of the head is to come
        }
        begin(parsed, current.method);
        if (current.head(parsed, bodyLength())) {
            body(current, bytes, head.end, n);
        }
    }

    /**
     * The server ended the input: before any response byte the connection is lost (and may be retried); inside the
     * head or the body the response is broken, unless the body runs until the close.
     */
    void inputEnded(LoopExchange current) {
        if (framing == null) {
            if (!current.answered) {
                connection.lost(new EOFException("Upstream closed the connection without a response"));
            } else {
                connection.failHead(head.endedInside());
            }
            return;
        }
        IOException broken = endedInBody();
        if (broken == null) {
            connection.complete(current, false);
        } else {
            connection.failBody(broken);
        }
    }

    /** Reading failed: as {@link #inputEnded}, with the failure as the cause. */
    void readFailed(LoopExchange current, IOException e) {
        if (framing != null) {
            connection.failBody(e);
        } else if (!current.answered) {
            connection.lost(e);
        } else {
            connection.failHead(e);
        }
    }

    /** Bytes read before a pause wait to be handed on. */
    boolean holding() {
        return stash != null;
    }

    /**
     * After a resume: has the held bytes handed on from the loop soon, not inside resume() (the consumer may be in the
     * middle of something). False when none are held.
     */
    boolean resume() {
        if (stash == null) {
            return false;
        }
        if (!drainQueued) {
            drainQueued = true;
            connection.site.loop.execute(this);
        }
        return true;
    }

    /** Hands on the bytes held while paused, then reads on. */
    @Override
    public void run() {
        drainQueued = false;
        LoopExchange current = connection.exchange;
        if (stash == null || current == null || current.paused) {
            return;
        }
        byte[] held = stash;
        stash = null;
        body(current, held, stashStart, stashEnd);
        if (connection.exchange == current && !current.paused && stash == null) {
            connection.readOn();
        }
    }

    /** Whether the connection may carry another request once the body ended. */
    boolean persistent() {
        return persistent;
    }

    /** Forgets the response and what was kept of it. */
    void clear() {
        head.clear();
        framing = null;
        stash = null;
    }

    /** The body's length as its framing states it: 0 for none, the Content-Length, or -1 when not stated. */
    private long bodyLength() {
        return switch (framing) {
            case NONE -> 0;
            case LENGTH -> remaining;
            case CHUNKED, UNTIL_CLOSE -> -1;
        };
    }

    /** Sets up the framing of the body that follows the head, in a response to a request with this method. */
    private void begin(ResponseHead parsed, String method) {
        framing = parsed.framing(method);
        persistent = parsed.persistent(parsed.hasBody(method));
        if (framing == ResponseHead.Framing.LENGTH) {
            remaining = parsed.contentLength();
        } else if (framing == ResponseHead.Framing.CHUNKED) {
            if (chunks == null) {
                chunks = new ChunkDecoder();
            }
            chunks.reset();
        }
    }

    /**
     * Hands on body bytes from {@code bytes[pos, end)} until they run out, the body ends (the connection completes the
     * exchange), or the consumer pauses (the rest is held, and the connection stops reading).
     */
    private void body(LoopExchange current, byte[] bytes, int pos, int end) {
        while (true) {
            if (ended()) {
                connection.complete(current, pos < end);
                return;
            }
            if (current.paused) {
                hold(bytes, pos, end);
                return;
            }
            if (pos == end) {
                return;
            }
            int n;
            try {
                n = data(bytes, pos, end);
            } catch (MalformedResponseException e) {
                connection.failBody(e);
                return;
            }
            pos = position;
            if (n > 0) {
                if (!current.body(bytes, pos, n)) {
                    return;
                }
                pos += n;
            }
        }
    }

    /** The body reached its framed end. */
    private boolean ended() {
        return switch (framing) {
            case NONE -> true;
            case LENGTH -> remaining == 0;
            case CHUNKED -> chunks.ended();
            case UNTIL_CLOSE -> false;
        };
    }

    /**
     * Finds the body bytes at the start of {@code bytes[pos, end)}, which must not be empty, past any chunk framing:
     * how many there are, from {@link #position} on, taken as handed on. 0 when there was only framing.
     */
    private int data(byte[] bytes, int pos, int end) throws MalformedResponseException {
        int n;
        switch (framing) {
            case CHUNKED -> {
                pos = chunks.frame(bytes, pos, end);
                n = (int) Math.min(chunks.data(), end - pos);
                if (n > 0) {
                    chunks.consumed(n);
                }
            }
            case LENGTH -> {
                n = (int) Math.min(remaining, end - pos);
                remaining -= n;
            }
            default -> n = end - pos;
        }
        position = pos;
        return n;
    }

    /**
     * The input ended inside the body: null when that is the body's end (it runs until the close), else why the body
     * is incomplete.
     */
    private IOException endedInBody() {
        return switch (framing) {
            case UNTIL_CLOSE -> {
                persistent = false;
                yield null;
            }
            case LENGTH -> new EOFException("Upstream body ended " + remaining + " bytes short of its Content-Length");
            default -> chunks.truncated();
        };
    }

    /** Holds the bytes not handed on before a pause: copied out of the shared buffer, or left in the stash. */
    private void hold(byte[] bytes, int pos, int end) {
        if (pos == end) {
            return;
        }
        if (bytes == connection.site.readBuffer.array()) {
            stash = Arrays.copyOfRange(bytes, pos, end);
            stashStart = 0;
            stashEnd = end - pos;
        } else {
            stash = bytes;
            stashStart = pos;
            stashEnd = end;
        }
        connection.holdReading();
    }
}
