package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The one Jackson factory of the OpenAI wire (streaming API only: no data binding, no reflection). */
final class Json {
    /** Buffers come from a {@link BufferPool}: per event loop, or shared between virtual threads. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(new BufferPool())
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private Json() {
    }

    /** What writes one JSON document. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** The bytes of one JSON document. */
    static byte[] bytes(int sizeHint, Writer writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        write(out, writer);
        return out.toByteArray();
    }

    /** One JSON document written to {@code out} (memory) with a generator of its own. */
    static void write(OutputStream out, Writer writer) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the target is memory
        }
    }
}
