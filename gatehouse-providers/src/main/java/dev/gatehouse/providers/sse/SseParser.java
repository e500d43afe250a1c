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
 * buffers between events: ten thousand idle streams are ten thousand parsers).
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

    /**
     * Feeds the next bytes of the stream.
     *
     * @return the events these bytes complete, in order; often empty
     * @throws UpstreamException (status 502, code {@code stream_event_too_large}) when one event outgrows the bound
     */
    public List<SseEvent> feed(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        List<SseEvent> events = null;
        int i = offset;
        int end = offset + length;
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
                events = endOfLine(chunk, i, j, events);
            } else {
                append(chunk, i, j - i);
                events = endOfGatheredLine(events);
            }
            i = j + 1;
        }
        return events == null ? List.of() : events;
    }

    /** Feeds a whole array. */
    public List<SseEvent> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /**
     * The stream ended. An unterminated last line is taken as complete, and an event whose data lines were not
     * followed by a blank line is dispatched, so servers that omit the final blank line lose nothing. The parser is
     * then empty.
     */
    public List<SseEvent> finish() {
        List<SseEvent> events = null;
        skipLf = false;
        if (lineLength > 0) {
            events = endOfGatheredLine(null);
        }
        events = dispatch(events);
        return events == null ? List.of() : events;
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

    private List<SseEvent> endOfGatheredLine(List<SseEvent> events) {
        byte[] gathered = line;
        int length = lineLength;
        line = null;
        lineLength = 0;
        return endOfLine(gathered, 0, length, events);
    }

    /** One complete line, {@code buf[start, end)} without its terminator. */
    private List<SseEvent> endOfLine(byte[] buf, int start, int end, List<SseEvent> events) {
        eventBytes += end - start;
        if (atStreamStart) {
            atStreamStart = false;
            if (end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
                    && buf[start + 2] == (byte) 0xBF) {
                start += 3;
            }
        }
        if (start == end) {
            return dispatch(events);
        }
        if (buf[start] == ':') {
            return events;
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
        return events;
    }

    /** Adds one data line: the first is copied as it is, a later one after an LF. */
    private void appendData(byte[] buf, int from, int count) {
        if (data == null) {
            data = Arrays.copyOfRange(buf, from, from + count);
            dataLength = count;
            return;
        }
        int needed = dataLength + 1 + count;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, 2 * data.length));
        }
        data[dataLength] = '\n';
        System.arraycopy(buf, from, data, dataLength + 1, count);
        dataLength = needed;
    }

    private static boolean fieldIs(byte[] name, byte[] buf, int from, int to) {
        return Arrays.equals(buf, from, to, name, 0, name.length);
    }

    private List<SseEvent> dispatch(List<SseEvent> events) {
        eventBytes = 0;
        if (data == null) {
            eventName = null;
            return events;
        }
        String name = eventName == null || eventName.isEmpty() ? SseEvent.DEFAULT_EVENT : eventName;
        SseEvent event = new SseEvent(name, dataLength == data.length ? data : Arrays.copyOf(data, dataLength));
        data = null;
        dataLength = 0;
        eventName = null;
        List<SseEvent> out = events == null ? new ArrayList<>(2) : events;
        out.add(event);
        return out;
    }
}
