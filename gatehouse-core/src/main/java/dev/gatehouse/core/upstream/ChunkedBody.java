package dev.gatehouse.core.upstream;

import java.io.EOFException;
import java.io.IOException;

/**
 * A {@code Transfer-Encoding: chunked} body. A read returns data from the current chunk only, so each chunk (an SSE
 * event, typically) is handed on as soon as it arrives; the next chunk's size line is read on the next call. Chunk
 * extensions are ignored and trailers read and dropped (the headers were already handed out).
 */
final class ChunkedBody extends ResponseBody {
    private static final int MAX_SIZE_LINE = 4096;

    private long remaining;
    private boolean afterData;
    private boolean ended;
    private int trailerBudget = ResponseHeadReader.MAX_HEAD_BYTES;

    ChunkedBody(Connection connection, ConnectionPool pool, boolean persistent) {
        super(connection, pool, persistent);
    }

    @Override
    long readable() throws IOException {
        return atData() ? remaining : -1;
    }

    @Override
    void consumed(int n) {
        remaining -= n;
    }

    @Override
    int connectionEnded() throws IOException {
        throw new EOFException("Upstream chunked body ended inside a chunk");
    }

    @Override
    boolean ended() {
        return ended;
    }

    @Override
    boolean finishFromBuffer() throws IOException {
        while (atData()) {
            int n = in.skip((int) Math.min(remaining, Integer.MAX_VALUE));
            if (n < 0) {
                throw new EOFException("Upstream chunked body ended inside a chunk");
            }
            remaining -= n;
        }
        return true;
    }

    @Override
    int remainingHint() {
        return (int) Math.min(remaining, Integer.MAX_VALUE);
    }

    /** Positions the stream inside a chunk's data; false at the end of the body (trailers consumed). */
    private boolean atData() throws IOException {
        if (ended) {
            return false;
        }
        if (remaining > 0) {
            return true;
        }
        if (afterData) {
            lineEnd(next());
            afterData = false;
        }
        long size = chunkSize();
        if (size == 0) {
            trailers();
            ended = true;
            return false;
        }
        remaining = size;
        afterData = true;
        return true;
    }

    /** chunk-size [ chunk-ext ] CRLF */
    private long chunkSize() throws IOException {
        long size = 0;
        int digits = 0;
        int c = next();
        for (int d = hex(c); d >= 0; d = hex(c)) {
            if (++digits > 15) {
                throw new MalformedResponseException("chunk size too large");
            }
            size = (size << 4) | d;
            c = next();
        }
        if (digits == 0) {
            throw new MalformedResponseException("bad chunk size");
        }
        if (c == ' ' || c == '\t' || c == ';') {
            for (int skipped = 0; c != '\r' && c != '\n'; skipped++) {
                if (skipped > MAX_SIZE_LINE) {
                    throw new MalformedResponseException("chunk extension too long");
                }
                c = next();
            }
        }
        lineEnd(c);
        return size;
    }

    private void trailers() throws IOException {
        while (true) {
            int c = trailerByte();
            if (c == '\r') {
                c = trailerByte();
            }
            if (c == '\n') {
                return; // the empty line that ends the trailer section
            }
            while (c != '\n') {
                c = trailerByte();
            }
        }
    }

    private int trailerByte() throws IOException {
        if (--trailerBudget < 0) {
            throw new MalformedResponseException("trailers too large");
        }
        return next();
    }

    /** {@code c} must start a line end (CRLF or bare LF). */
    private void lineEnd(int c) throws IOException {
        if (c == '\r') {
            c = next();
        }
        if (c != '\n') {
            throw new MalformedResponseException("bad chunk framing");
        }
    }

    private int next() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException("Upstream chunked body ended early");
        }
        return c;
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
