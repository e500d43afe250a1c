package dev.gatehouse.server.http;

import java.util.Arrays;

/**
 * A request body as it arrives. Memory follows the bytes that actually came, not what the client declared: the array
 * starts at most {@link #INITIAL} larger than what is already there and doubles up to the bound, so a body announced
 * with a Content-Length ends in an array of exactly that length, while a client that declares a large body and sends
 * nothing costs little.
 */
final class BodyBuffer {
    static final int INITIAL = 16 * 1024;

    private final int bound;
    private byte[] array;
    private int length;

    private BodyBuffer(int bound, int capacity) {
        this.bound = bound;
        this.array = new byte[capacity];
    }

    /** For a body of the declared length, with {@code available} of its bytes already received. */
    static BodyBuffer declared(int length, int available) {
        return new BodyBuffer(length, Math.min(length, Math.max(available, INITIAL)));
    }

    /** For a chunked body of at most {@code limit} bytes, with {@code available} bytes of its encoding received. */
    static BodyBuffer chunked(int limit, int available) {
        return new BodyBuffer(limit, Math.min(limit, Math.max(available, 256)));
    }

    void append(byte[] source, int offset, int count) {
        int needed = length + count;
        if (needed > array.length) {
            long grown = Math.max(needed, Math.max(2L * array.length, 1024));
            array = Arrays.copyOf(array, (int) Math.min(grown, Math.max(bound, needed)));
        }
        System.arraycopy(source, offset, array, length, count);
        length = needed;
    }

    byte[] array() {
        return array;
    }

    int length() {
        return length;
    }

    /** Bytes still to come up to the bound. */
    int remaining() {
        return bound - length;
    }
}
