package dev.gatehouse.core.upstream;

import java.io.EOFException;
import java.util.Arrays;

/**
 * Decodes {@code Transfer-Encoding: chunked} from bytes that arrive in pieces split anywhere, without copying the data:
 * {@link #frame} consumes size lines, the line ends after data and the trailers, and stops where chunk data begins; the
 * caller hands on up to {@link #data()} bytes from there and reports them with {@link #consumed}. The one
 * implementation of the chunked grammar: the loop transport feeds it each read ({@link LoopResponse}), the waiting one
 * its connection's buffer ({@link ChunkedBody}), so both accept and refuse the same bodies with the same errors.
 * Sizes of at most 15 hex digits, extensions ignored up to 4 KiB, CRLF or bare LF line ends, trailers read and dropped
 * up to 64 KiB. A few fields of state, so it may stay with an idle connection.
 */
final class ChunkDecoder {
    private static final int MAX_SIZE_LINE = 4096;
    private static final int MAX_SIZE_DIGITS = 15;
    private static final byte[] HEX = new byte[256];

    /** The first digit of a size line. */
    private static final int SIZE_FIRST = 0;
    /** More digits, an extension or the end of the size line. */
    private static final int SIZE = 1;
    private static final int EXTENSION = 2;
    /** A CR ended the size line: LF must follow. */
    private static final int SIZE_LF = 3;
    private static final int DATA = 4;
    /** The line end after a chunk's data. */
    private static final int DATA_END = 5;
    private static final int DATA_LF = 6;
    /** The start of a trailer line, or of the empty line that ends the body. */
    private static final int TRAILER_START = 7;
    private static final int TRAILER_CR = 8;
    private static final int TRAILER_LINE = 9;
    private static final int DONE = 10;

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private int state;
    /** The size being read; then the data left in the current chunk. */
    private long size;
    private int digits;
    private int extension;
    private int trailerBudget = ResponseHeadReader.MAX_HEAD_BYTES;

    /** Ready for a new body. */
    void reset() {
        state = SIZE_FIRST;
        size = 0;
        digits = 0;
        extension = 0;
        trailerBudget = ResponseHeadReader.MAX_HEAD_BYTES;
    }

    /**
     * Consumes framing from {@code bytes[pos, end)}: returns where chunk data starts ({@link #data()} is then more than
     * zero), where the body ended ({@link #ended()}), or {@code end} when all of it was framing.
     */
    int frame(byte[] bytes, int pos, int end) throws MalformedResponseException {
        while (pos < end) {
            int c = bytes[pos] & 0xff;
            switch (state) {
                case SIZE_FIRST -> {
                    int digit = HEX[c];
                    if (digit < 0) {
                        throw new MalformedResponseException("bad chunk size");
                    }
                    size = digit;
                    digits = 1;
                    state = SIZE;
                }
                case SIZE -> {
                    int digit = HEX[c];
                    if (digit >= 0) {
                        if (++digits > MAX_SIZE_DIGITS) {
                            throw new MalformedResponseException("chunk size too large");
                        }
                        size = (size << 4) | digit;
                    } else if (c == ' ' || c == '\t' || c == ';') {
                        extension = 1;
                        state = EXTENSION;
                    } else {
                        sizeLineEnd(c);
                    }
                }
                case EXTENSION -> {
                    if (c == '\r' || c == '\n') {
                        sizeLineEnd(c);
                    } else if (extension++ > MAX_SIZE_LINE) {
                        throw new MalformedResponseException("chunk extension too long");
                    }
                }
                case SIZE_LF -> {
                    if (c != '\n') {
                        throw new MalformedResponseException("bad chunk framing");
                    }
                    sizeLineEnded();
                }
                case DATA, DONE -> {
                    return pos;
                }
                case DATA_END -> {
                    if (c == '\r') {
                        state = DATA_LF;
                    } else if (c == '\n') {
                        state = SIZE_FIRST;
                    } else {
                        throw new MalformedResponseException("bad chunk framing");
                    }
                }
                case DATA_LF -> {
                    if (c != '\n') {
                        throw new MalformedResponseException("bad chunk framing");
                    }
                    state = SIZE_FIRST;
                }
                default -> trailer(c);
            }
            pos++;
        }
        return pos;
    }

    /** Chunk data that may be handed on from where {@link #frame} stopped; zero outside data. */
    long data() {
        return state == DATA ? size : 0;
    }

    /** {@code n} bytes of data (at most {@link #data()}) were handed on. */
    void consumed(int n) {
        size -= n;
        if (size == 0) {
            state = DATA_END;
        }
    }

    /** True once the last chunk and the trailers were consumed. */
    boolean ended() {
        return state == DONE;
    }

    /** Why a body whose input ended before {@link #ended()} is incomplete: inside a chunk's data, or elsewhere. */
    EOFException truncated() {
        return new EOFException(state == DATA ? "Upstream chunked body ended inside a chunk"
                : "Upstream chunked body ended early");
    }

    /** A trailer byte: read and dropped, a line at a time, until the empty line. */
    private void trailer(int c) throws MalformedResponseException {
        if (--trailerBudget < 0) {
            throw new MalformedResponseException("trailers too large");
        }
        state = switch (state) {
            case TRAILER_START -> c == '\r' ? TRAILER_CR : c == '\n' ? DONE : TRAILER_LINE;
            case TRAILER_CR -> c == '\n' ? DONE : TRAILER_LINE;
            default -> c == '\n' ? TRAILER_START : TRAILER_LINE;
        };
    }

    /** {@code c} must start the size line's end: CR (LF to follow) or LF. */
    private void sizeLineEnd(int c) throws MalformedResponseException {
        if (c == '\r') {
            state = SIZE_LF;
        } else if (c == '\n') {
            sizeLineEnded();
        } else {
            throw new MalformedResponseException("bad chunk framing");
        }
    }

    private void sizeLineEnded() {
        state = size == 0 ? TRAILER_START : DATA;
    }
}
