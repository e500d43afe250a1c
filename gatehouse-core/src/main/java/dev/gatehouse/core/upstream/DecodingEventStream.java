package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads an upstream body as it arrives and hands out the events its codec decodes, one at a time. A body read off one
 * of our connections is decoded in place, in the connection's buffer; any other body through a small buffer.
 */
final class DecodingEventStream implements EventStream {
    private static final int BUFFER = 1024;

    private final UpstreamResponse response;
    private final StreamDecoder decoder;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private final BodySink sink;
    private byte[] buffer; // only for a body that is not a connection's own
    private boolean ended;

    DecodingEventStream(UpstreamResponse response, StreamDecoder decoder) {
        this.response = response;
        this.decoder = decoder;
        this.sink = (bytes, offset, length) -> enqueue(decoder.feed(bytes, offset, length));
    }

    @Override
    public StreamEvent next() {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            fill();
        }
        StreamEvent event = pending.poll();
        if (event instanceof StreamEvent.Failed) {
            ended = true;
            pending.clear();
            close();
        }
        return event;
    }

    @Override
    public boolean hasBuffered() {
        return !pending.isEmpty();
    }

    private void fill() {
        int read;
        try {
            read = response.body() instanceof ResponseBody own ? own.readTo(sink) : readThroughBuffer();
        } catch (IOException e) {
            ended = true;
            close();
            pending.add(new StreamEvent.Failed(new UpstreamException(UpstreamException.UNREACHABLE,
                    "The provider's stream broke off.", null, null, "stream_interrupted", null, e)));
            return;
        }
        if (read < 0) {
            ended = true;
            close();
            enqueue(decoder.finish());
        }
    }

    private int readThroughBuffer() throws IOException {
        if (buffer == null) {
            buffer = new byte[BUFFER];
        }
        int read = response.body().read(buffer);
        if (read > 0) {
            enqueue(decoder.feed(buffer, 0, read));
        }
        return read;
    }

    private void enqueue(List<StreamEvent> events) {
        pending.addAll(events);
    }

    @Override
    public void close() {
        response.close();
    }
}
