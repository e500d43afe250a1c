package dev.gatehouse.core.upstream;

import java.io.IOException;

/**
 * A {@code Transfer-Encoding: chunked} body of the waiting transport. The grammar is {@link ChunkDecoder}'s, fed from
 * the connection's buffer: a read returns data from the current chunk only, so each chunk (an SSE event, typically)
 * is handed on as soon as it arrives; the framing after it is consumed on the next call.
 */
final class ChunkedBody extends ResponseBody {
    private final ChunkDecoder chunks = new ChunkDecoder();

    ChunkedBody(Connection connection, ConnectionPool pool, boolean persistent) {
        super(connection, pool, persistent);
    }

    @Override
    long readable() throws IOException {
        while (true) {
            long data = chunks.data();
            if (data > 0) {
                return data;
            }
            if (chunks.ended()) {
                return -1;
            }
            if (!in.frame(chunks)) {
                throw chunks.truncated();
            }
        }
    }

    @Override
    void consumed(int n) {
        chunks.consumed(n);
    }

    @Override
    int connectionEnded() throws IOException {
        throw chunks.truncated();
    }

    @Override
    boolean ended() {
        return chunks.ended();
    }

    @Override
    boolean finishFromBuffer() throws IOException {
        for (long data = readable(); data >= 0; data = readable()) {
            int n = in.skip((int) Math.min(data, Integer.MAX_VALUE));
            if (n < 0) {
                throw chunks.truncated();
            }
            chunks.consumed(n);
        }
        return true;
    }

    @Override
    int remainingHint() {
        return (int) Math.min(chunks.data(), Integer.MAX_VALUE);
    }
}
