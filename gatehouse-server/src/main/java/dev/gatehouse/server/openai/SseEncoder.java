package dev.gatehouse.server.openai;

import dev.gatehouse.spi.StreamEvent;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns one streamed completion into OpenAI server-sent events ({@code data: {chat.completion.chunk}\n\n}), buffering
 * the frames of each call until {@link #writeTo}. One instance per response; not thread-safe.
 */
public interface SseEncoder {

    /**
     * Encodes one event (possibly as no frame, e.g. usage, which is sent at the end). {@link StreamEvent.Failed} is not
     * accepted here: the caller maps the failure to an error and calls {@link #failure}.
     */
    void event(StreamEvent event);

    /** The stream ended well: the usage chunk when the client asked for it, then {@code data: [DONE]}. */
    void end();

    /** The stream broke: a {@code data: {"error":{…}}} event, then {@code data: [DONE]}. */
    void failure(String message, String type, String param, String code);

    /** True when frames are waiting to be written. */
    boolean hasPending();

    /** Writes the waiting frames and forgets them. */
    void writeTo(OutputStream out) throws IOException;
}
