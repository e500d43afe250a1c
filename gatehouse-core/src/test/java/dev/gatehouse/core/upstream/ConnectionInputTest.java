package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ConnectionInput}'s buffers: full size for a response read at once, a small one while a stream idles. */
class ConnectionInputTest {
    private static final int SIZE = 4096;

    /** A socket stand-in: each read returns at most the next scripted piece (as a socket returns what has arrived). */
    private static final class Pieces extends InputStream {
        private final Queue<byte[]> pieces = new ArrayDeque<>();
        private byte[] current = new byte[0];
        private int at;
        final List<Integer> readSizes = new ArrayList<>();

        Pieces(int... sizes) {
            byte next = 0;
            for (int size : sizes) {
                byte[] piece = new byte[size];
                for (int i = 0; i < size; i++) {
                    piece[i] = next++;
                }
                pieces.add(piece);
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            readSizes.add(len);
            if (at == current.length) {
                if (pieces.isEmpty()) {
                    return -1;
                }
                current = pieces.poll();
                at = 0;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }

    private static byte[] expected(int total) {
        byte[] bytes = new byte[total];
        for (int i = 0; i < total; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void aLeanReaderHoldsOnlyTheSmallBufferBetweenShortReads() throws Exception {
        Pieces socket = new Pieces(200, 300, 5000, 100);
        ConnectionInput in = new ConnectionInput(socket, SIZE, new IoWatch());
        in.lean(true);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> footprints = new ArrayList<>();
        while (in.readTo(got::write, Integer.MAX_VALUE) >= 0) {
            footprints.add(in.footprint());
        }

        assertThat(got.toByteArray()).as("every byte, in order, across buffer changes").isEqualTo(expected(5600));
        assertThat(footprints.getFirst()).as("after a short read").isEqualTo(ConnectionInput.LEAN_SIZE);
        assertThat(footprints).as("the full buffer while reads fill the small one")
                .contains(ConnectionInput.LEAN_SIZE + SIZE);
        assertThat(footprints.getLast()).as("let go again after a short read").isEqualTo(ConnectionInput.LEAN_SIZE);
        assertThat(socket.readSizes).startsWith(ConnectionInput.LEAN_SIZE, ConnectionInput.LEAN_SIZE,
                ConnectionInput.LEAN_SIZE, SIZE);
    }

    @Test
    void outOfLeanModeReadsUseTheFullBuffer() throws Exception {
        Pieces socket = new Pieces(200, 300);
        ConnectionInput in = new ConnectionInput(socket, SIZE, new IoWatch());
        in.lean(true);
        in.readTo((b, off, len) -> { }, Integer.MAX_VALUE);
        assertThat(in.footprint()).isEqualTo(ConnectionInput.LEAN_SIZE);

        in.lean(false);
        assertThat(in.read()).isEqualTo(200);
        assertThat(socket.readSizes.getLast()).isEqualTo(SIZE);
        assertThat(in.footprint()).isEqualTo(ConnectionInput.LEAN_SIZE + SIZE);
    }
}
