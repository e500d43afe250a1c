package dev.gatehouse.core.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The response a {@link LoopConnection} reads, as its bytes arrive: the head, scanned byte by byte across reads (its
 * start kept until it is whole) past any interim (1xx) heads; then the body, handed on to the exchange until its framed
 * end (a length, the last chunk, or the close), and held while the consumer has paused. One per connection, reset for
 * each exchange; confined to the loop.
 */
final class LoopResponse implements Runnable {
    private static final byte[] NOTHING = new byte[0];

    private final LoopConnection connection;
    private final ResponseHeadReader heads;
    private int headBudget;
    private int scan;
    /** A head that arrived in part. */
    private byte[] partial;
    private int partialLength;
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
    /** Where the head {@link #head} found ends; where the bytes {@link #data} found start. */
    int position;

    LoopResponse(LoopConnection connection) {
        this.connection = connection;
        this.heads = connection.site.heads;
    }

    /** Ready for the head of the next response. */
    void reset() {
        headBudget = ResponseHeadReader.MAX_HEAD_BYTES;
        scan = ResponseHeadReader.SCAN_START;
    }

    /**
     * Takes head bytes from {@code bytes[from, end)}, past interim heads: the final head, with {@link #position} where
     * it ends; null when the bytes ran out inside a head (kept for the next read).
     *
     * @throws IOException for a head too large or malformed, or a protocol switch nobody asked for
     */
    ResponseHead head(byte[] bytes, int from, int end) throws IOException {
        int pos = from;
        while (true) {
            int start = pos;
            int limit = Math.min(end, pos + headBudget);
            int state = scan;
            while (pos < limit && state != ResponseHeadReader.SCAN_END) {
                state = ResponseHeadReader.scan(state, bytes[pos++]);
            }
            headBudget -= pos - start;
            scan = state;
            if (state != ResponseHeadReader.SCAN_END) {
                if (pos < end) {
                    throw new MalformedResponseException("response head larger than "
                            + ResponseHeadReader.MAX_HEAD_BYTES + " bytes");
                }
                keepPartial(bytes, start, end);
                return null;
            }
            ResponseHead parsed = parse(bytes, start, pos);
            scan = ResponseHeadReader.SCAN_START;
            if (!parsed.interim()) {
                position = pos;
                return parsed;
            }
            if (parsed.status() == 101) {
                throw new MalformedResponseException("unrequested protocol switch");
            }
        }
    }

    /** Sets up the framing of the body that follows the head, in a response to a request with this method. */
    void begin(ResponseHead head, String method) {
        framing = head.framing(method);
        persistent = head.persistent(head.hasBody(method));
        if (framing == ResponseHead.Framing.LENGTH) {
            remaining = head.contentLength();
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
    void body(LoopExchange current, byte[] bytes, int pos, int end) {
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
    IOException endedInBody() {
        return switch (framing) {
            case UNTIL_CLOSE -> {
                persistent = false;
                yield null;
            }
            case LENGTH -> new EOFException("Upstream body ended " + remaining + " bytes short of its Content-Length");
            default -> chunks.truncated();
        };
    }

    /** What the parser says of the head bytes received before the input ended. */
    IOException endedInHead() {
        try {
            heads.parse(partial == null ? NOTHING : partial, 0, partialLength);
        } catch (IOException e) {
            return e;
        }
        return new MalformedResponseException("response ended inside its head");
    }

    /** Forgets the response and what was kept of it. */
    void clear() {
        partial = null;
        partialLength = 0;
        framing = null;
        stash = null;
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

    /** Parses the head that ends at {@code bytes[end - 1]}: there in whole, or its start kept from earlier reads. */
    private ResponseHead parse(byte[] bytes, int start, int end) throws IOException {
        if (partialLength == 0) {
            return heads.parse(bytes, start, end);
        }
        keepPartial(bytes, start, end);
        byte[] whole = partial;
        int length = partialLength;
        partial = null;
        partialLength = 0;
        return heads.parse(whole, 0, length);
    }

    private void keepPartial(byte[] bytes, int start, int end) {
        int n = end - start;
        if (partial == null) {
            partial = new byte[Math.max(n, 512)];
        } else if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
        }
        System.arraycopy(bytes, start, partial, partialLength, n);
        partialLength += n;
    }
}
