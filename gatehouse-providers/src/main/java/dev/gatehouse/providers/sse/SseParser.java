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
 * <p>Not thread-safe; one parser per stream. Fields other than {@code data} and {@code event} ({@code id},
 * {@code retry}) are ignored.
 */
public final class SseParser {
    /** Default bound on one event's size (its lines, comments included), so a runaway stream cannot exhaust memory. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final int SHRINK_ABOVE = 64 * 1024;

    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLf;
    private boolean atStreamStart = true;
    private StringBuilder data = new StringBuilder();
    private boolean hasData;
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
            append(chunk, i, j - i);
            if (j == end) {
                break;
            }
            skipLf = chunk[j] == '\r';
            events = endOfLine(events);
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
            events = endOfLine(null);
        }
        events = dispatch(events);
        return events == null ? List.of() : events;
    }

    private void append(byte[] src, int from, int count) {
        if (count == 0) {
            return;
        }
        long needed = (long) lineLength + count;
        if (needed + eventBytes > maxEventBytes) {
            throw new UpstreamException(502, "The upstream stream sent an event larger than " + maxEventBytes
                    + " bytes.", "stream_event_too_large");
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Math.max(needed, 2L * line.length), Integer.MAX_VALUE - 8));
        }
        System.arraycopy(src, from, line, lineLength, count);
        lineLength += count;
    }

    private List<SseEvent> endOfLine(List<SseEvent> events) {
        int start = 0;
        int end = lineLength;
        eventBytes += lineLength;
        lineLength = 0;
        if (atStreamStart) {
            atStreamStart = false;
            if (end >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
                start = 3;
            }
        }
        if (start == end) {
            return dispatch(events);
        }
        if (line[start] == ':') {
            return events;
        }
        int colon = start;
        while (colon < end && line[colon] != ':') {
            colon++;
        }
        int valueStart = Math.min(colon + 1, end);
        if (valueStart < end && line[valueStart] == ' ') {
            valueStart++;
        }
        if (fieldIs(DATA, start, colon)) {
            if (hasData) {
                data.append('\n');
            }
            data.append(new String(line, valueStart, end - valueStart, StandardCharsets.UTF_8));
            hasData = true;
        } else if (fieldIs(EVENT, start, colon)) {
            eventName = new String(line, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }
        return events;
    }

    private boolean fieldIs(byte[] name, int from, int to) {
        return Arrays.equals(line, from, to, name, 0, name.length);
    }

    private List<SseEvent> dispatch(List<SseEvent> events) {
        eventBytes = 0;
        if (!hasData) {
            eventName = null;
            return events;
        }
        String name = eventName == null || eventName.isEmpty() ? SseEvent.DEFAULT_EVENT : eventName;
        SseEvent event = new SseEvent(name, data.toString());
        if (data.capacity() > SHRINK_ABOVE) {
            data = new StringBuilder();
        } else {
            data.setLength(0);
        }
        hasData = false;
        eventName = null;
        List<SseEvent> out = events == null ? new ArrayList<>(2) : events;
        out.add(event);
        return out;
    }
}
