package dev.gatehouse.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A connection's bytes waiting for the socket. Allocated when something has to wait, and dropped once it is written
 * unless it is small, so an idle connection or a stream that keeps up holds at most a few KiB.
 */
final class Outbound {
    /** The most handed to one write call: the JDK copies a heap buffer whole into native memory for each write. */
    static final int MAX_WRITE = 256 * 1024;
    private static final int KEEP = 8 * 1024;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private byte[] buffer;
    private ByteBuffer view;
    private int start;
    private int end;

    boolean isEmpty() {
        return start == end;
    }

    int pending() {
        return end - start;
    }

    void append(byte[] source, int offset, int length) {
        if (length > 0) {
            reserve(length);
            System.arraycopy(source, offset, buffer, end, length);
            end += length;
        }
    }

    /** A chunk's size line: the length in hex, CRLF. */
    void appendChunkSize(int length) {
        reserve(10);
        int digits = Math.max(1, (35 - Integer.numberOfLeadingZeros(length)) / 4);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            buffer[end++] = HEX[(length >>> shift) & 0xf];
        }
        buffer[end++] = '\r';
        buffer[end++] = '\n';
    }

    void appendCrlf() {
        reserve(2);
        buffer[end++] = '\r';
        buffer[end++] = '\n';
    }

    /**
     * With nothing pending: writes {@code first}, then {@code body[offset, offset + length)}, in one write (gathering
     * when there is a body), and keeps what the socket did not take. Returns true when all of it went.
     */
    boolean writeNow(SocketChannel channel, ByteBuffer first, byte[] body, int offset, int length,
                     ByteBuffer[] gather) throws IOException {
        int firstLength = first.remaining();
        long written;
        if (length == 0) {
            written = channel.write(first);
        } else {
            gather[0] = first;
            gather[1] = ByteBuffer.wrap(body, offset, Math.min(length, MAX_WRITE));
            try {
                written = channel.write(gather);
            } finally {
                gather[0] = null;
                gather[1] = null;
            }
        }
        if (written == (long) firstLength + length) {
            return true;
        }
        if (first.hasRemaining()) {
            append(first.array(), first.arrayOffset() + first.position(), first.remaining());
        }
        int bodyWritten = (int) Math.max(0, written - firstLength);
        append(body, offset + bodyWritten, length - bodyWritten);
        return false;
    }

    /** Writes as much as the socket takes now; returns the bytes written. */
    long writeTo(SocketChannel channel) throws IOException {
        long total = 0;
        while (start < end) {
            int count = Math.min(end - start, MAX_WRITE);
            view.limit(start + count).position(start);
            int written = channel.write(view);
            start += written;
            total += written;
            if (written < count) {
                break;
            }
        }
        if (start == end) {
            start = 0;
            end = 0;
            if (buffer != null && buffer.length > KEEP) {
                release();
            }
        }
        return total;
    }

    void release() {
        buffer = null;
        view = null;
        start = 0;
        end = 0;
    }

    private void reserve(int length) {
        if (buffer == null) {
            buffer = new byte[Math.max(length, 1024)];
            view = ByteBuffer.wrap(buffer);
            return;
        }
        if (buffer.length - end >= length) {
            return;
        }
        int live = end - start;
        int needed = Math.addExact(live, length);
        if (needed <= buffer.length) {
            System.arraycopy(buffer, start, buffer, 0, live);
        } else {
            buffer = Arrays.copyOfRange(buffer, start, start + Math.max(needed, 2 * buffer.length));
            view = ByteBuffer.wrap(buffer);
        }
        start = 0;
        end = live;
    }
}
