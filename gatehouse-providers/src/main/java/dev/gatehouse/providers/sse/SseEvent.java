package dev.gatehouse.providers.sse;

import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} name, {@code "message"} when the stream named none
 * @param data  the {@code data:} lines joined with {@code \n}
 */
public record SseEvent(String event, String data) {
    public static final String DEFAULT_EVENT = "message";

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
