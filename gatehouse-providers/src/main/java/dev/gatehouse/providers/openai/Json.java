package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.RawJson;

import java.io.IOException;

/** Shared, immutable JSON machinery and the few tree accessors the codec needs. */
final class Json {
    /**
     * Buffers are recycled through a shared pool, not per thread: calls run on virtual threads, and a stream's thread
     * would otherwise keep its own set of parser buffers (some 24 KB) for as long as the stream lasts.
     */
    private static final ObjectReader BASE = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build()
            .reader();
    /**
     * Reads one whole JSON document into a tree; trailing content is an error. Floats are read as
     * {@link java.math.BigDecimal} so values passed through keep their digits.
     */
    static final ObjectReader READER = BASE.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Reads the value at a streaming parser's current token into a tree, leaving the rest of the input. */
    static final ObjectReader SUBTREE_READER = BASE;
    /** Creates generators and plain parsers. */
    static final JsonFactory FACTORY = READER.getFactory();

    private Json() {
    }

    /** The field's string value, or {@code null} when absent, {@code null} or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** An integer field, {@code fallback} when absent or not an integral number. */
    static int integer(JsonNode node, String field, int fallback) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : fallback;
    }

    /** A string, or the JSON text of a non-string value, or {@code null}. */
    static String textOrJson(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /**
     * Writes {@code raw} verbatim after checking it is exactly one JSON value, so text that is not JSON cannot splice
     * extra fields into a request.
     *
     * @param param the request field it came from, named in the error
     */
    static void writeRaw(JsonGenerator out, RawJson raw, String param) throws IOException {
        requireSingleValue(raw, param);
        out.writeRawValue(raw.json());
    }

    private static void requireSingleValue(RawJson raw, String param) {
        try (JsonParser parser = FACTORY.createParser(raw.json())) {
            JsonToken first = parser.nextToken();
            if (first != null) {
                parser.skipChildren();
                if (parser.nextToken() == null) {
                    return;
                }
            }
        } catch (IOException e) {
            // reported below
        }
        throw new InvalidRequestException("'" + param + "' is not a single valid JSON value.", param,
                "invalid_json");
    }
}
