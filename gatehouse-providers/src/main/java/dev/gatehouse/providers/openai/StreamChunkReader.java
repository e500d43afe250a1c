package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Usage;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@code chat.completion.chunk} off a streaming parser. Every streamed token passes through here, so the
 * chunk is not built into a tree first (that was two thirds of the cost of decoding a stream); only tool-call arrays
 * and logprobs, which are passed on whole, are read as subtrees.
 */
final class StreamChunkReader {

    /** One choice's part of a chunk, as sent. */
    record ChoiceDelta(int index, String reasoning, String content, String refusal, RawJson logprobs,
                       JsonNode toolCalls, String finishReason) {
    }

    /**
     * A chunk. When {@code error} is set the chunk carries an error object and nothing else in it counts; the caller
     * reads it again as a whole to report the error. The header fields (id to fingerprint) are null and 0 when the
     * chunk was read without them.
     */
    record Chunk(String id, String model, long created, String fingerprint, List<ChoiceDelta> choices, Usage usage,
                 boolean error) {
    }

    private StreamChunkReader() {
    }

    /**
     * The chunk in {@code data[offset, offset + length)}, UTF-8, or {@code null} when it is JSON but not an object.
     * Parsed from the bytes as they are ({@link ChunkParser}); bytes that are not UTF-8 are read again as text with
     * replacement characters, as a decoder would, so a provider's stray byte does not end the stream.
     *
     * @param header whether to read the stream's header fields (id, model, creation time, fingerprint): only the
     *               first chunk's are used, so later chunks skip them instead of making strings of them
     * @throws IOException when the data is not one JSON value
     */
    static Chunk read(byte[] data, int offset, int length, boolean header) throws IOException {
        ChunkParser.Reader<Chunk> reader = header ? StreamChunkReader::withHeader : StreamChunkReader::withoutHeader;
        try {
            return ChunkParser.read(data, offset, length, reader);
        } catch (CharConversionException | JsonParseException e) {
            // Rare: read once more as decoded text; malformed JSON fails the same way again.
            String text = new String(data, offset, length, StandardCharsets.UTF_8);
            try (JsonParser parser = Json.FACTORY.createParser(text)) {
                return ChunkParser.whole(parser, reader);
            }
        }
    }

    private static Chunk withHeader(JsonParser parser) throws IOException {
        return value(parser, true);
    }

    private static Chunk withoutHeader(JsonParser parser) throws IOException {
        return value(parser, false);
    }

    /** The value the parser stands on: a chunk when it is an object, else skipped and {@code null}. */
    private static Chunk value(JsonParser parser, boolean header) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            return chunk(parser, header);
        }
        parser.skipChildren();
        return null;
    }

    private static Chunk chunk(JsonParser parser, boolean header) throws IOException {
        String id = null;
        String model = null;
        String fingerprint = null;
        long created = 0;
        List<ChoiceDelta> choices = List.of();
        Usage usage = null;
        boolean error = false;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = header ? Json.text(parser) : null;
                case "model" -> model = header ? Json.text(parser) : null;
                case "system_fingerprint" -> fingerprint = header ? Json.text(parser) : null;
                case "created" -> created = header ? Json.seconds(parser) : 0;
                case "choices" -> choices = value == JsonToken.START_ARRAY ? choices(parser) : List.of();
                case "usage" -> usage = UsageReader.read(parser);
                case "error" -> error = value != JsonToken.VALUE_NULL;
                default -> { }
            }
            parser.skipChildren(); // what a case did not read (a no-op when it did)
        }
        return new Chunk(id, model, created, fingerprint, choices, usage, error);
    }

    private static List<ChoiceDelta> choices(JsonParser parser) throws IOException {
        List<ChoiceDelta> read = new ArrayList<>(1);
        int position = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == JsonToken.START_OBJECT) {
                read.add(choice(parser, position));
            } else {
                parser.skipChildren();
            }
            position++;
        }
        return read;
    }

    private static ChoiceDelta choice(JsonParser parser, int position) throws IOException {
        int index = position;
        String[] delta = null; // reasoning_content, reasoning, content, refusal
        JsonNode toolCalls = null;
        RawJson logprobs = null;
        String finishReason = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "index" -> index = Json.index(parser, position);
                case "delta" -> {
                    delta = new String[4];
                    toolCalls = value == JsonToken.START_OBJECT ? delta(parser, delta) : null;
                }
                case "logprobs" -> logprobs = Json.raw(parser);
                case "finish_reason" -> finishReason = Json.text(parser);
                default -> { }
            }
            parser.skipChildren();
        }
        String reasoning = delta == null ? null : delta[0] != null ? delta[0] : delta[1];
        return new ChoiceDelta(index, reasoning, delta == null ? null : delta[2], delta == null ? null : delta[3],
                logprobs, toolCalls, finishReason);
    }

    /** Fills {@code texts} (reasoning_content, reasoning, content, refusal); returns the tool-call array, if any. */
    private static JsonNode delta(JsonParser parser, String[] texts) throws IOException {
        JsonNode toolCalls = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "reasoning_content" -> texts[0] = Json.text(parser);
                case "reasoning" -> texts[1] = Json.text(parser);
                case "content" -> texts[2] = Json.text(parser);
                case "refusal" -> texts[3] = Json.text(parser);
                case "tool_calls" -> toolCalls = value == JsonToken.START_ARRAY ? Json.subtree(parser) : null;
                default -> { }
            }
            parser.skipChildren();
        }
        return toolCalls;
    }
}
