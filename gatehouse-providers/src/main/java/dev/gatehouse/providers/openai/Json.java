package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    /** Buffers come from a {@link BufferPool}: per event loop, or shared between virtual threads. */
    private static final ObjectReader BASE = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(new BufferPool())
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

    /** JSON's whitespace: what may surround a value. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** The field's string value, or {@code null} when absent, {@code null} or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** The parser's current value when it is a string, else {@code null} (the value is left for the caller to skip). */
    static String text(JsonParser parser) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    /** The current value as a non-negative whole number when it is a scalar (numbers and numeric strings), else 0. */
    static long seconds(JsonParser parser) throws IOException {
        return parser.currentToken().isScalarValue() ? Math.max(0, parser.getValueAsLong(0)) : 0;
    }

    /** The current value when it is an int, else {@code fallback}. */
    static int index(JsonParser parser, int fallback) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : fallback;
    }

    /** The value at the parser's current token as a tree; the parser is left on the value's last token. */
    static JsonNode subtree(JsonParser parser) throws IOException {
        return SUBTREE_READER.readTree(parser);
    }

    /** The current value as raw JSON, or {@code null} when it is JSON {@code null}. */
    static RawJson raw(JsonParser parser) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : RawJson.of(subtree(parser).toString());
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
