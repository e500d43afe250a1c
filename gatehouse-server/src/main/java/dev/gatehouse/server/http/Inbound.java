package dev.gatehouse.server.http;

/**
 * A connection's unparsed input between reads: a partial head, or requests that came before their turn. Reads go
 * through the loop's shared buffer; only what is left over is copied here, into an array made when needed and dropped
 * once consumed.
 */
final class Inbound {
    private byte[] bytes;
    private int start;
    private int end;

    boolean isEmpty() {
        return start == end;
    }

    int size() {
        return end - start;
    }

    /** Valid until the next {@link #keep} or {@link #drop}. */
    byte[] bytes() {
        return bytes;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    void keep(byte[] source, int from, int to) {
        int n = to - from;
        if (bytes == null) {
            bytes = new byte[Math.max(n, 512)];
            start = 0;
            end = 0;
        } else if (bytes.length - end < n) {
            int live = end - start;
            byte[] target = live + n <= bytes.length ? bytes : new byte[Math.max(live + n, 2 * bytes.length)];
            System.arraycopy(bytes, start, target, 0, live);
            bytes = target;
            start = 0;
            end = live;
        }
        System.arraycopy(source, from, bytes, end, n);
        end += n;
    }

    /** Everything before {@code position} has been used. */
    void consumedTo(int position) {
        if (position >= end) {
            drop();
        } else {
            start = position;
        }
    }

    void drop() {
        bytes = null;
        start = 0;
        end = 0;
    }
}
