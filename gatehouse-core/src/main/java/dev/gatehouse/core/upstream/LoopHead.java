package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.util.Arrays;

/**
 * The head of the response a {@link LoopConnection} reads, gathered across reads: scanned for its end as bytes
 * arrive, its start kept while it is incomplete, then parsed whole by the loop's {@link ResponseHeadReader}; interim
 * (1xx) heads are skipped, and all heads of one exchange together may take at most
 * {@value ResponseHeadReader#MAX_HEAD_BYTES} bytes. One per connection, reset for each exchange; confined to the loop.
 */
final class LoopHead {
    private static final byte[] NOTHING = new byte[0];

    private final ResponseHeadReader parser;
    private int budget;
    private int scan;
    /** A head that arrived in part. */
    private byte[] partial;
    private int partialLength;
    /** Where the head {@link #read} returned ends in the bytes it was given. */
    int end;

    LoopHead(ResponseHeadReader parser) {
        this.parser = parser;
    }

    /** Ready for the heads of the next exchange. */
    void reset() {
        budget = ResponseHeadReader.MAX_HEAD_BYTES;
        scan = ResponseHeadReader.SCAN_START;
    }

    /** Forgets a head that arrived in part. */
    void clear() {
        partial = null;
        partialLength = 0;
    }

    /**
     * Takes head bytes from {@code bytes[from, to)}, past interim heads: the final head, with {@link #end} where it
     * ends; null when the bytes ran out inside a head (kept for the next read).
     *
     * @throws IOException for a head too large or malformed, or a protocol switch nobody asked for
     */
    ResponseHead read(byte[] bytes, int from, int to) throws IOException {
        int pos = from;
        while (true) {
            int start = pos;
            int limit = Math.min(to, pos + budget);
            int state = scan;
            while (pos < limit) {
                if (state == ResponseHeadReader.SCAN_START) {
                    // Nearly every byte of a head is inside a line: only a line end can change the state.
                    while (pos < limit && bytes[pos] != '\n') {
                        pos++;
                    }
                    if (pos == limit) {
                        break;
                    }
                }
                state = ResponseHeadReader.scan(state, bytes[pos++]);
                if (state == ResponseHeadReader.SCAN_END) {
                    break;
                }
            }
            budget -= pos - start;
            scan = state;
            if (state != ResponseHeadReader.SCAN_END) {
                if (pos < to) {
                    throw new MalformedResponseException("response head larger than "
                            + ResponseHeadReader.MAX_HEAD_BYTES + " bytes");
                }
                keepPartial(bytes, start, to);
                return null;
            }
            ResponseHead parsed = parse(bytes, start, pos);
            scan = ResponseHeadReader.SCAN_START;
            if (!parsed.interim()) {
                end = pos;
                return parsed;
            }
            if (parsed.status() == 101) {
                throw new MalformedResponseException("unrequested protocol switch");
            }
        }
    }

    /** What the parser says of the head bytes received before the input ended. */
    IOException endedInside() {
        try {
            parser.parse(partial == null ? NOTHING : partial, 0, partialLength);
        } catch (IOException e) {
            return e;
        }
        return new MalformedResponseException("response ended inside its head");
    }

    /** Parses the head that ends at {@code bytes[to - 1]}: there in whole, or its start kept from earlier reads. */
    private ResponseHead parse(byte[] bytes, int from, int to) throws IOException {
        if (partialLength == 0) {
            return parser.parse(bytes, from, to);
        }
        keepPartial(bytes, from, to);
        byte[] whole = partial;
        int length = partialLength;
        clear();
        return parser.parse(whole, 0, length);
    }

    private void keepPartial(byte[] bytes, int from, int to) {
        int n = to - from;
        if (partial == null) {
            partial = new byte[Math.max(n, 512)];
        } else if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
        }
        System.arraycopy(bytes, from, partial, partialLength, n);
        partialLength += n;
    }
}
