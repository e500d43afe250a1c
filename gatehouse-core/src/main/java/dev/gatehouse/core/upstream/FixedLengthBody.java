package dev.gatehouse.core.upstream;

import java.io.EOFException;
import java.io.IOException;

/** A body framed by Content-Length. Ending early is an error, not an end. */
final class FixedLengthBody extends ResponseBody {
    private long remaining;

    FixedLengthBody(Connection connection, ConnectionPool pool, boolean persistent, long length) {
        super(connection, pool, persistent);
        this.remaining = length;
    }

    @Override
    long readable() {
        return remaining == 0 ? -1 : remaining;
    }

    @Override
    void consumed(int n) {
        remaining -= n;
    }

    @Override
    int connectionEnded() throws IOException {
        throw new EOFException("Upstream body ended " + remaining + " bytes short of its Content-Length");
    }

    @Override
    boolean ended() {
        return remaining == 0;
    }

    @Override
    boolean finishFromBuffer() throws IOException {
        if (remaining > in.buffered()) {
            return false;
        }
        in.skip((int) remaining);
        remaining = 0;
        return true;
    }

    @Override
    int expectedLength() {
        return remainingHint(); // the Content-Length left is both the bound and the exact length
    }

    @Override
    int remainingHint() {
        return (int) Math.min(remaining, Integer.MAX_VALUE);
    }
}
