package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain http: bytes go straight to and from the socket, one system call each way. */
final class PlainChannel implements LoopChannel {
    private final SocketChannel socket;

    PlainChannel(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return socket.read(into);
    }

    @Override
    public boolean write(ByteBuffer first, ByteBuffer second) throws IOException {
        if (first.hasRemaining()) {
            socket.write(first);
        }
        if (first.hasRemaining()) {
            return false;
        }
        if (second != null && second.hasRemaining()) {
            socket.write(second);
            return !second.hasRemaining();
        }
        return true;
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public int interestOps(int wanted) {
        return wanted;
    }

    @Override
    public boolean inputPending() {
        return false;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
