package dev.gatehouse.spi;

import java.util.List;

/**
 * Turns a provider's streamed response bytes into {@link StreamEvent}s. Stateful, one per response; chunks may split
 * anywhere (mid-line, mid-UTF-8 character) and the events must not depend on where.
 */
public interface StreamDecoder {

    /** Feeds the next bytes; returns the events they complete (often none). */
    List<StreamEvent> feed(byte[] chunk, int offset, int length);

    /** The stream ended; returns the events still pending. */
    List<StreamEvent> finish();
}
