package dev.gatehouse.server.openai;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A reusable, unsynchronised byte buffer for SSE frames. */
final class FrameBuffer extends OutputStream {
    private byte[] buf;
    private int count;

    FrameBuffer(int capacity) {
        buf = new byte[capacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    int size() {
        return count;
    }

    void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, count);
        count = 0;
    }
}
