package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes one JSON document into a buffer with a generator that an event loop keeps from document to document. A
 * stream's every event is a document; a new generator for each cost a parser-sized set of objects (the generator,
 * its I/O context, a write context per nesting level) per token streamed, about a fifth of what a stream allocated.
 * The loop's generator writes each document into a buffer chosen for that document and is flushed at its end, so
 * nothing of one document is left in it for the next. A document that fails half-way or is left unfinished takes the
 * generator with it: the next one gets a new one. Virtual threads (one per request) and a document written while
 * another is being written get a generator of their own, as before.
 */
final class FrameWriter {
    private static final ThreadLocal<FrameWriter> OWN = ThreadLocal.withInitial(FrameWriter::new);

    private final Target target = new Target();
    private JsonGenerator generator;
    private boolean busy;

    private FrameWriter() {
    }

    /** Writes the document {@code writer} writes to {@code out}, whole. */
    static void write(OutputStream out, Json.Writer writer) {
        if (!Thread.currentThread().isVirtual()) {
            FrameWriter own = OWN.get();
            if (!own.busy) {
                own.writeOwn(out, writer);
                return;
            }
        }
        Json.write(out, writer);
    }

    private void writeOwn(OutputStream out, Json.Writer writer) {
        JsonGenerator g = generator;
        generator = null; // given back only after a whole document
        busy = true;
        target.out = out;
        try {
            if (g == null) {
                g = Json.FACTORY.createGenerator(target);
                g.setRootValueSeparator(null); // documents follow each other with nothing between
            }
            writer.write(g);
            g.flush();
            if (g.getOutputContext().inRoot()) {
                generator = g;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the target is memory
        } finally {
            target.out = null;
            busy = false;
        }
    }

    /** Where the loop's generator writes: the current document's buffer. */
    private static final class Target extends OutputStream {
        private OutputStream out;

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }
    }
}
