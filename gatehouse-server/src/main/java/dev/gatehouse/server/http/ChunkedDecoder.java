package dev.gatehouse.server.http;

/**
 * Decodes a chunked request body (RFC 9112 §7.1) as its bytes arrive, in any pieces: chunk sizes in hex with optional
 * extensions (skipped), data, the last chunk, trailer fields (skipped). Bounded everywhere: a chunk-size line of at most
 * {@link #MAX_LINE} bytes, trailers of at most the head limit, and a body of at most the body limit (refused with 413
 * as soon as a chunk size says it would be exceeded). No bare CR anywhere.
 */
final class ChunkedDecoder {
    static final int MAX_LINE = 4096;

    private static final int SIZE = 0;
    private static final int SIZE_SPACE = 1;
    private static final int EXTENSION = 2;
    private static final int SIZE_LF = 3;
    private static final int DATA = 4;
    private static final int DATA_CR = 5;
    private static final int DATA_LF = 6;
    private static final int TRAILER_START = 7;
    private static final int TRAILER = 8;
    private static final int TRAILER_LF = 9;
    private static final int END_LF = 10;
    private static final int DONE = 11;

    private final long maxBody;
    private final int maxTrailer;
    private int state = SIZE;
    private long size;
    private int digits;
    private int lineBytes;
    private int trailerBytes;
    private long remaining;
    private int status;

    ChunkedDecoder(long maxBody, int maxTrailer) {
        this.maxBody = maxBody;
        this.maxTrailer = maxTrailer;
    }

    boolean done() {
        return state == DONE;
    }

    /** Why {@link #feed} returned -1: 400, 413 or 431. */
    int status() {
        return status;
    }

    /**
     * Decodes {@code b[pos, end)} into the body. Returns where it stopped: {@code end}, or the first byte after the body
     * once {@link #done()}; -1 when the body must be refused (see {@link #status()}).
     */
    int feed(byte[] b, int pos, int end, BodyBuffer body) {
        int i = pos;
        while (i < end) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    body.append(b, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = DATA_CR;
                    }
                    continue;
                }
                case DONE -> {
                    return i;
                }
                default -> {
                }
            }
            byte c = b[i++];
            switch (state) {
                case SIZE -> {
                    int digit = Ascii.hexValue(c);
                    if (digit >= 0) {
                        size = size * 16 + digit;
                        digits++;
                        if (size > maxBody - body.length()) {
                            return fail(413);
                        }
                        if (++lineBytes > MAX_LINE) {
                            return fail(400);
                        }
                    } else if (digits == 0) {
                        return fail(400);
                    } else if (Ascii.isOws(c)) {
                        state = SIZE_SPACE;
                    } else if (!sizeLineEnds(c)) {
                        return fail(400);
                    }
                }
                case SIZE_SPACE -> {
                    if (++lineBytes > MAX_LINE) {
                        return fail(400);
                    }
                    if (!Ascii.isOws(c) && !sizeLineEnds(c)) {
                        return fail(400);
                    }
                }
                case EXTENSION -> {
                    if (++lineBytes > MAX_LINE || (Ascii.isCtl(c & 0xff) && c != Ascii.CR && c != Ascii.LF)) {
                        return fail(400);
                    }
                    sizeLineEnds(c);
                }
                case SIZE_LF -> {
                    if (c != Ascii.LF) {
                        return fail(400);
                    }
                    sizeLine();
                }
                case DATA_CR -> {
                    if (c == Ascii.CR) {
                        state = DATA_LF;
                    } else if (c == Ascii.LF) {
                        state = SIZE;
                    } else {
                        return fail(400);
                    }
                }
                case DATA_LF -> {
                    if (c != Ascii.LF) {
                        return fail(400);
                    }
                    state = SIZE;
                }
                case TRAILER_START -> {
                    if (c == Ascii.CR) {
                        state = END_LF;
                    } else if (c == Ascii.LF) {
                        state = DONE;
                    } else {
                        state = TRAILER;
                        if (trailerByte(c) < 0) {
                            return -1;
                        }
                    }
                }
                case TRAILER -> {
                    if (c == Ascii.CR) {
                        state = TRAILER_LF;
                    } else if (c == Ascii.LF) {
                        state = TRAILER_START;
                    } else if (trailerByte(c) < 0) {
                        return -1;
                    }
                }
                case TRAILER_LF -> {
                    if (c != Ascii.LF) {
                        return fail(400);
                    }
                    state = TRAILER_START;
                }
                case END_LF -> {
                    if (c != Ascii.LF) {
                        return fail(400);
                    }
                    state = DONE;
                }
                default -> throw new IllegalStateException("chunked decoder state " + state);
            }
        }
        return i;
    }

    /**
     * In a chunk-size line after the digits: ';' starts an extension, CR or LF ends the line. Returns false for any
     * other byte.
     */
    private boolean sizeLineEnds(byte c) {
        if (c == ';') {
            state = EXTENSION;
        } else if (c == Ascii.CR) {
            state = SIZE_LF;
        } else if (c == Ascii.LF) {
            sizeLine();
        } else {
            return state == EXTENSION;
        }
        return true;
    }

    /** The chunk-size line is complete. */
    private void sizeLine() {
        if (size == 0) {
            state = TRAILER_START;
        } else {
            remaining = size;
            state = DATA;
        }
        size = 0;
        digits = 0;
        lineBytes = 0;
    }

    private int trailerByte(byte c) {
        if (Ascii.isCtl(c & 0xff)) {
            return fail(400);
        }
        if (++trailerBytes > maxTrailer) {
            return fail(431);
        }
        return 0;
    }

    private int fail(int code) {
        status = code;
        return -1;
    }
}
