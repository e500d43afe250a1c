package dev.gatehouse.providers.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One dispatched server-sent event. The data stays in the bytes it arrived as, so a JSON payload is parsed from them
 * without a {@code String} in between; {@link #text()} decodes it when text is what is needed.
 *
 * @param event the {@code event:} name, {@code "message"} when the stream named none
 * @param data  the {@code data:} lines joined with {@code \n}, as UTF-8 bytes; owned by the event, not to be changed
 */
public record SseEvent(String event, byte[] data) {
    public static final String DEFAULT_EVENT = "message";

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    /** An event whose data is {@code text} in UTF-8. */
    public SseEvent(String event, String text) {
        this(event, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The data decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SseEvent e && event.equals(e.event) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return 31 * event.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + text() + "]";
    }
}
