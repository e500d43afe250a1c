package dev.gatehouse.server.http;

import java.util.Arrays;

/**
 * Assembles a connection's requests, one at a time, from the bytes it receives in any pieces: finds the end of the
 * head, parses it, then reads the body (of the declared length, or chunked) into the request's own array.
 */
final class RequestReader {
    /** {@link #read}'s outcomes. */
    static final int MORE = 0;
    static final int READY = 1;
    static final int REFUSED = 2;

    static final byte[] NO_BODY = new byte[0];

    private final LoopState loop;
    /** Bytes of a partial head already searched for its end. */
    private int headScan;
    private RequestHead head;
    private BodyBuffer body;
    private ChunkedDecoder chunked;
    private int outcome;
    private int status;
    private boolean continueWanted;

    RequestReader(LoopState loop) {
        this.loop = loop;
    }

    /**
     * Reads from {@code b[pos, end)} and returns where it stopped; {@link #outcome()} says why: {@link #MORE} (all
     * used, or a partial head starts at the returned position and must be offered again with what follows),
     * {@link #READY} (a request is complete; the next one starts at the returned position) or {@link #REFUSED}.
     */
    int read(byte[] b, int pos, int end) {
        outcome = MORE;
        if (head == null) {
            pos = readHead(b, pos, end);
            if (head == null || outcome != MORE) {
                return pos;
            }
            if (pos == end) {
                continueWanted = head.expectContinue();
                return pos;
            }
        }
        return readBody(b, pos, end);
    }

    int outcome() {
        return outcome;
    }

    /** The status to refuse with, after {@link #REFUSED}. */
    int status() {
        return status;
    }

    /** The request's head: after {@link #READY}; after {@link #REFUSED} or while a body is read, when known. */
    RequestHead head() {
        return head;
    }

    byte[] body() {
        return body == null ? NO_BODY : body.array();
    }

    int bodyLength() {
        return body == null ? 0 : body.length();
    }

    /** Whether the client waits for {@code 100 Continue} before sending the body; true once. */
    boolean takeContinue() {
        boolean wanted = continueWanted;
        continueWanted = false;
        return wanted;
    }

    /** Ready for the next request. */
    void reset() {
        headScan = 0;
        head = null;
        body = null;
        chunked = null;
        continueWanted = false;
    }

    private int readHead(byte[] b, int pos, int end) {
        if (headScan == 0) {
            // Empty lines before a request line are ignored (RFC 9112 §2.2).
            while (pos < end && (b[pos] == Ascii.CR || b[pos] == Ascii.LF)) {
                pos++;
            }
            if (pos == end) {
                return pos;
            }
        }
        int max = loop.limits.maxHeadBytes();
        int headEnd = findHeadEnd(b, pos, end);
        if (headEnd < 0) {
            return end - pos >= max ? refuse(431, end) : pos;
        }
        headScan = 0;
        if (headEnd - pos > max) {
            return refuse(431, end);
        }
        HeadParser parser = loop.parser;
        RequestHead h = parser.parse(Arrays.copyOfRange(b, pos, headEnd), headEnd - pos);
        if (h == null) {
            return refuse(parser.status(), end);
        }
        head = h;
        if (h.rejection() != 0) {
            return refuse(h.rejection(), end);
        }
        int available = end - headEnd;
        if (h.chunked()) {
            body = BodyBuffer.chunked((int) loop.limits.maxBodyBytes(), available);
            chunked = new ChunkedDecoder(loop.limits.maxBodyBytes(), max);
        } else if (h.contentLength() > 0) {
            body = BodyBuffer.declared((int) h.contentLength(), available);
        } else {
            outcome = READY;
        }
        return headEnd;
    }

    /** The index after the empty line that ends the head starting at {@code start}, or -1 if it has not come yet. */
    private int findHeadEnd(byte[] b, int start, int end) {
        int i = start + headScan;
        while (i < end) {
            if (b[i] == Ascii.LF) {
                if (i + 1 >= end) {
                    break;
                }
                byte c = b[i + 1];
                if (c == Ascii.LF) {
                    return i + 2;
                }
                if (c == Ascii.CR) {
                    if (i + 2 >= end) {
                        break;
                    }
                    if (b[i + 2] == Ascii.LF) {
                        return i + 3;
                    }
                }
            }
            i++;
        }
        headScan = i - start;
        return -1;
    }

    private int readBody(byte[] b, int pos, int end) {
        if (chunked != null) {
            int next = chunked.feed(b, pos, end, body);
            if (next < 0) {
                return refuse(chunked.status(), end);
            }
            if (chunked.done()) {
                outcome = READY;
            }
            return next;
        }
        int n = Math.min(end - pos, body.remaining());
        body.append(b, pos, n);
        if (body.remaining() == 0) {
            outcome = READY;
        }
        return pos + n;
    }

    private int refuse(int code, int end) {
        outcome = REFUSED;
        status = code;
        return end;
    }
}
