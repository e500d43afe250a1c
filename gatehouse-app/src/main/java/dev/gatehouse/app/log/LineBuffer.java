package dev.gatehouse.app.log;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array that log lines are encoded into and written out from. Unlike {@link
 * java.io.ByteArrayOutputStream} it takes no lock per write and lets an encoder reserve room once and then fill the
 * array directly, which is what makes encoding a line byte by byte cheap. Used by one thread at a time.
 */
final class LineBuffer {
    private byte[] bytes;
    private int size;

    LineBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Bytes held. */
    int size() {
        return size;
    }

    /**
     * Makes room for {@code more} bytes past {@link #size()} and returns the array to write them into; the caller then
     * sets the new size with {@link #size(int)}. The array may change with every call.
     */
    byte[] reserve(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new OutOfMemoryError("log line buffer over 2 GiB");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
        }
        return bytes;
    }

    /** Sets the number of bytes held: after filling reserved room, or to drop what was written after a mark. */
    void size(int newSize) {
        if (newSize < 0 || newSize > bytes.length) {
            throw new IndexOutOfBoundsException(newSize);
        }
        size = newSize;
    }

    void write(byte b) {
        byte[] to = reserve(1);
        to[size++] = b;
    }

    void write(byte[] b) {
        byte[] to = reserve(b.length);
        System.arraycopy(b, 0, to, size, b.length);
        size += b.length;
    }

    /** Appends the bytes {@code other} holds. */
    void write(LineBuffer other) {
        byte[] to = reserve(other.size);
        System.arraycopy(other.bytes, 0, to, size, other.size);
        size += other.size;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** Empties the buffer; an array grown past {@code maxCapacity} (by one huge line) is given back. */
    void reset(int maxCapacity) {
        size = 0;
        if (bytes.length > maxCapacity) {
            bytes = new byte[maxCapacity];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
