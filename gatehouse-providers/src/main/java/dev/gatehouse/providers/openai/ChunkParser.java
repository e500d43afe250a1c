package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Parses a stream's chunks, one JSON object after another, with one parser per platform thread. A stream's events
 * each used to build a parser of their own (I/O context, symbol table, text buffer, input buffer, parsing contexts):
 * two thirds of everything decoding a stream allocated. Here an event loop's parser reads the chunks of every stream the
 * loop serves, each fed to it whole, in turn: Jackson reads a sequence of root-level values from one input, and the
 * input is this thread's feed, which holds one chunk at a time and reports its end as the end of the input only if
 * the parser reads past the chunk's object (then the parser is done for, and the next chunk gets a new one).
 *
 * <p>A chunk counts as exactly one object only if nothing but whitespace follows it: what the parser read ahead
 * and what it left in the feed are both checked. A chunk that is not an object from its first byte (a scalar,
 * an array, a byte-order mark, another encoding), a virtual thread (a parser each would be held by one stream and
 * never reused) and a nested call take a parser of their own, as before. A parser that failed in any way is
 * dropped: the next chunk gets a new one, so a malformed chunk cannot leave state behind for the next stream. A
 * parser is also renewed after {@value #CHUNKS_PER_PARSER} chunks: its table of field names grows with every new name
 * a provider sends and is only merged and trimmed when the parser closes.
 */
final class ChunkParser {
    /** Reads the value the parser stands on (its first token already read), leaving the parser on its last token. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonParser parser) throws IOException;
    }

    static final int CHUNKS_PER_PARSER = 1024;

    private static final ThreadLocal<Feed> OWN = ThreadLocal.withInitial(Feed::new);

    private ChunkParser() {
    }

    /**
     * Reads {@code data[offset, offset + length)} as exactly one JSON value with {@code reader}.
     *
     * @throws IOException when it is not one JSON value (a parse error, trailing content or no value at all)
     */
    static <T> T read(byte[] data, int offset, int length, Reader<T> reader) throws IOException {
        if (length > 0 && data[offset] == '{' && !Thread.currentThread().isVirtual()) {
            Feed feed = OWN.get();
            if (!feed.busy) {
                return feed.read(data, offset, length, reader);
            }
        }
        try (JsonParser parser = Json.FACTORY.createParser(data, offset, length)) {
            return whole(parser, reader);
        }
    }

    /** One value read from a parser of its own; anything after it is an error. */
    static <T> T whole(JsonParser parser, Reader<T> reader) throws IOException {
        if (parser.nextToken() == null) {
            throw new JsonParseException(parser, "no JSON value");
        }
        T value = reader.read(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "not one JSON value");
        }
        return value;
    }

    /** One thread's parser and the input it reads: the chunk being parsed, and nothing after it. */
    static final class Feed extends InputStream {
        private final WhitespaceCheck rest = new WhitespaceCheck();
        private JsonParser parser;
        private byte[] data;
        private int pos;
        private int end;
        /** The parser asked for more than the chunk: it has seen the end of its input and reads no further chunk. */
        private boolean exhausted;
        private boolean busy;
        private int chunks;

        <T> T read(byte[] chunk, int offset, int length, Reader<T> reader) throws IOException {
            busy = true;
            data = chunk;
            pos = offset;
            end = offset + length;
            exhausted = false;
            boolean done = false;
            try {
                if (parser == null) {
                    parser = Json.FACTORY.createParser(this);
                    chunks = 0;
                }
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new JsonParseException(parser, "not a JSON object");
                }
                T value = reader.read(parser);
                if (!restIsWhitespace()) {
                    throw new JsonParseException(parser, "not one JSON value");
                }
                done = true;
                return value;
            } finally {
                data = null;
                if (!done || exhausted || ++chunks >= CHUNKS_PER_PARSER) {
                    drop();
                }
                busy = false;
            }
        }

        /** Whether only whitespace follows the value: in the parser's buffer (now consumed) and in the feed. */
        private boolean restIsWhitespace() throws IOException {
            rest.clean = true;
            parser.releaseBuffered(rest);
            if (!rest.clean) {
                return false;
            }
            for (int i = pos; i < end; i++) {
                if (!Json.isSpace(data[i])) {
                    return false;
                }
            }
            pos = end;
            return true;
        }

        private void drop() {
            JsonParser failed = parser;
            parser = null;
            if (failed != null) {
                try {
                    failed.close();
                } catch (IOException ignored) {
                    // memory only: nothing to report
                }
            }
        }

        /** The parser the next chunk will be read with, null if it is to be made; for tests. */
        JsonParser parser() {
            return parser;
        }

        @Override
        public int read() {
            if (pos >= end) {
                exhausted = true;
                return -1;
            }
            return data[pos++] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (pos >= end) {
                exhausted = true;
                return -1;
            }
            int n = Math.min(length, end - pos);
            System.arraycopy(data, pos, into, offset, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return end - pos;
        }
    }

    /** This thread's feed; for tests. */
    static Feed feed() {
        return OWN.get();
    }

    /** Notes whether the bytes written to it were all JSON whitespace. */
    private static final class WhitespaceCheck extends OutputStream {
        boolean clean = true;

        @Override
        public void write(int b) {
            clean &= Json.isSpace((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length && clean; i++) {
                clean = Json.isSpace(bytes[i]);
            }
        }
    }
}
