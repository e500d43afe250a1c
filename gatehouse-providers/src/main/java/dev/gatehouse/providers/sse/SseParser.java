package dev.gatehouse.providers.sse;

import dev.gatehouse.spi.UpstreamException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Splits a {@code text/event-stream} byte stream into events, following the WHATWG event-stream grammar: lines end in
 * CRLF, LF or CR; lines starting with {@code :} are comments; {@code field:value} drops one space after the colon;
 * {@code data} lines accumulate (joined with {@code \n}) until a blank line dispatches the event; a leading UTF-8 BOM
 * is ignored. Bytes may arrive split anywhere, including inside a line terminator or a multi-byte UTF-8 character:
 * lines are decoded only once complete, and CR and LF never occur inside a UTF-8 sequence.
 *
 * <p>A line that arrives whole is parsed where it lies in the caller's array; only a line split across feeds is
 * gathered in a buffer of the parser's own, dropped again once the line is complete (an open stream holds no
 * buffers between events: ten thousand idle streams are ten thousand parsers). Likewise an event whose data is one
 * line, dispatched in the feed that brought it, is handed to a {@link Listener} where it lies, without a copy; the
 * list-returning methods copy each event's data into the {@link SseEvent} they return.
 *
 * <p>Not thread-safe; one parser per stream. Fields other than {@code data} and {@code event} ({@code id},
 * {@code retry}) are ignored.
 */
public final class SseParser {
    /** Default bound on one event's size (its lines, comments included), so a runaway stream cannot exhaust memory. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_LINE = 256;

    private final int maxEventBytes;
    private byte[] line; // a line split across feeds, while it is gathered
    private int lineLength;
    private boolean skipLf;
    private boolean atStreamStart = true;
    private byte[] data; // the event's data lines joined with LF
    private int dataLength;
    private byte[] slice; // the event's one data line where it lies, while data is null
    private int sliceFrom;
    private int sliceLength;
    private String eventName;
    private long eventBytes;

    public SseParser() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    public SseParser(int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** Receives the events a feed completes, in order. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One event: its name ({@code "message"} when the stream named none) and its data, the {@code data:} lines
         * joined with {@code \n}, in {@code bytes[offset, offset + length)}. The bytes may be the caller's own array
         * or the parser's: valid during this call only, and not to be changed.
         */
        void event(String name, byte[] bytes, int offset, int length);
    }

    /**
     * Feeds the next bytes of the stream.
     *
     * @return the events these bytes complete, in order; often empty
     * @throws UpstreamException (status 502, code {@code stream_event_too_large}) when one event outgrows the bound
     */
    public List<SseEvent> feed(byte[] chunk, int offset, int length) {
        Collected events = new Collected();
        feed(chunk, offset, length, events);
        return events.list();
    }

    /** Feeds a whole array. */
    public List<SseEvent> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /**
     * Feeds the next bytes of the stream, handing each event they complete to {@code listener} as it completes.
     *
     * @throws UpstreamException (status 502, code {@code stream_event_too_large}) when one event outgrows the bound
     */
    public void feed(byte[] chunk, int offset, int length, Listener listener) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        int i = offset;
        int end = offset + length;
        try {
            while (i < end) {
                if (skipLf) {
                    skipLf = false;
                    if (chunk[i] == '\n') {
                        i++;
                        continue;
                    }
                }
                int j = i;
                while (j < end && chunk[j] != '\n' && chunk[j] != '\r') {
                    j++;
                }
                if (j == end) {
                    append(chunk, i, j - i);
                    break;
                }
                skipLf = chunk[j] == '\r';
                if (lineLength == 0) {
                    checkSize(j - i);
                    endOfLine(chunk, i, j, listener);
                } else {
                    append(chunk, i, j - i);
                    endOfGatheredLine(listener);
                }
                i = j + 1;
            }
        } finally {
            keepSlice(); // the caller may reuse its array once this returns
        }
    }

    /**
     * The stream ended. An unterminated last line is taken as complete, and an event whose data lines were not
     * followed by a blank line is dispatched, so servers that omit the final blank line lose nothing. The parser is
     * then empty.
     */
    public List<SseEvent> finish() {
        Collected events = new Collected();
        finish(events);
        return events.list();
    }

    /** {@link #finish()}, handing the events to {@code listener}. */
    public void finish(Listener listener) {
        skipLf = false;
        if (lineLength > 0) {
            endOfGatheredLine(listener);
        }
        dispatch(listener);
    }

    private void checkSize(long lineBytes) {
        if (lineBytes + eventBytes > maxEventBytes) {
            throw new UpstreamException(502, "The upstream stream sent an event larger than " + maxEventBytes
                    + " bytes.", "stream_event_too_large");
        }
    }

    private void append(byte[] src, int from, int count) {
        if (count == 0) {
            return;
        }
        long needed = (long) lineLength + count;
        checkSize(needed);
        if (line == null) {
            line = new byte[(int) Math.max(needed, INITIAL_LINE)];
        } else if (needed > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Math.max(needed, 2L * line.length), Integer.MAX_VALUE - 8));
        }
        System.arraycopy(src, from, line, lineLength, count);
        lineLength += count;
    }

    private void endOfGatheredLine(Listener listener) {
        byte[] gathered = line;
        int length = lineLength;
        line = null;
        lineLength = 0;
        endOfLine(gathered, 0, length, listener);
    }

    /** One complete line, {@code buf[start, end)} without its terminator. */
    private void endOfLine(byte[] buf, int start, int end, Listener listener) {
        eventBytes += end - start;
        if (atStreamStart) {
            atStreamStart = false;
            if (end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
                    && buf[start + 2] == (byte) 0xBF) {
                start += 3;
            }
        }
        if (start == end) {
            dispatch(listener);
            return;
        }
        if (buf[start] == ':') {
            return;
        }
        int colon = start;
        while (colon < end && buf[colon] != ':') {
            colon++;
        }
        int valueStart = Math.min(colon + 1, end);
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        }
        if (fieldIs(DATA, buf, start, colon)) {
            appendData(buf, valueStart, end - valueStart);
        } else if (fieldIs(EVENT, buf, start, colon)) {
            eventName = new String(buf, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }
    }

    /** Adds one data line: the first is kept where it lies, a later one joins it after an LF in an array of our own. */
    private void appendData(byte[] buf, int from, int count) {
        if (data == null && slice == null) {
            slice = buf;
            sliceFrom = from;
            sliceLength = count;
            return;
        }
        keepSlice();
        int needed = dataLength + 1 + count;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, 2 * data.length));
        }
        data[dataLength] = '\n';
        System.arraycopy(buf, from, data, dataLength + 1, count);
        dataLength = needed;
    }

    /** Copies a data line still held where it arrived into an array of our own. */
    private void keepSlice() {
        if (slice != null) {
            data = Arrays.copyOfRange(slice, sliceFrom, sliceFrom + sliceLength);
            dataLength = sliceLength;
            slice = null;
        }
    }

    private static boolean fieldIs(byte[] name, byte[] buf, int from, int to) {
        return Arrays.equals(buf, from, to, name, 0, name.length);
    }

    private void dispatch(Listener listener) {
        eventBytes = 0;
        String name = eventName == null || eventName.isEmpty() ? SseEvent.DEFAULT_EVENT : eventName;
        eventName = null;
        if (slice != null) {
            byte[] bytes = slice;
            slice = null;
            listener.event(name, bytes, sliceFrom, sliceLength);
        } else if (data != null) {
            byte[] bytes = data;
            data = null;
            listener.event(name, bytes, 0, dataLength);
        }
    }

    /** Events gathered into a list, each with a copy of its data. */
    private static final class Collected implements Listener {
        private List<SseEvent> events;

        @Override
        public void event(String name, byte[] bytes, int offset, int length) {
            if (events == null) {
                events = new ArrayList<>(2);
            }
            events.add(new SseEvent(name, Arrays.copyOfRange(bytes, offset, offset + length)));
        }

        List<SseEvent> list() {
            return events == null ? List.of() : events;
        }
    }
}
