package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.JsonString;
import dev.gatehouse.spi.RawJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

/**
 * A request body being read token by token, with typed reads that fail as OpenAI-worded 400s naming the parameter.
 * Parameter names are built only when a read fails ({@code prefix.field}), so valid requests allocate none.
 * Objects and arrays kept verbatim ({@link RawJson}) are sliced from the body bytes, not re-serialised.
 */
final class JsonInput {
    /**
     * A text this long or longer, in the body's bytes, is kept as spelled and not decoded; a shorter one (a name, a
     * few words) is decoded as the parser reads it.
     */
    static final int KEEP_SPELLING = 64;

    private final JsonParser parser;
    private final byte[] source;
    private final int limit;

    private JsonInput(JsonParser parser, byte[] source, int limit) {
        this.parser = parser;
        this.source = source;
        this.limit = limit;
    }

    /** Reads a body that must be one JSON object. */
    @FunctionalInterface
    interface ObjectReader<T> {
        T read(JsonInput in) throws IOException;
    }

    /**
     * Parses {@code body[0, length)} as one JSON object with {@code reader}, positioned on its {@code START_OBJECT}.
     * Malformed JSON anywhere in the body is reported as unparseable even when a validation error came first.
     */
    static <T> T parseObject(byte[] body, int length, ObjectReader<T> reader) {
        try (JsonParser parser = Json.FACTORY.createParser(body, 0, length)) {
            JsonInput in = new JsonInput(parser, body, length);
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw RequestErrors.unparseable();
                }
                if (first != JsonToken.START_OBJECT) {
                    throw RequestErrors.invalidType(null, "an object", first);
                }
                T value = reader.read(in);
                if (parser.nextToken() != null) {
                    throw RequestErrors.unparseable(); // trailing content after the object
                }
                return value;
            } catch (InvalidRequestException e) {
                in.drain(); // throws when the rest of the body is not JSON: that is the error to report
                throw e;
            }
        } catch (JsonProcessingException e) {
            throw RequestErrors.unparseable();
        } catch (IOException e) {
            throw RequestErrors.unparseable(); // not reachable for in-memory input
        }
    }

    private void drain() throws IOException {
        while (parser.nextToken() != null) {
            // only syntax matters now
        }
    }

    static String param(String prefix, String field) {
        return prefix == null ? field : prefix + "." + field;
    }

    static String element(String param, int index) {
        return param + "[" + index + "]";
    }

    JsonToken next() throws IOException {
        return parser.nextToken();
    }

    JsonToken token() {
        return parser.currentToken();
    }

    /** The current field name (when on a {@code FIELD_NAME} token). */
    String fieldName() throws IOException {
        return parser.currentName();
    }

    /** Skips the current value, including its children. */
    void skip() throws IOException {
        parser.skipChildren();
    }

    String text() throws IOException {
        return parser.getText();
    }

    /**
     * The current string as a text part. A long one is kept as the bytes the client wrote between its quotes and not
     * decoded ({@link ContentPart.Text#spelled}): a provider's JSON can be given them rather than the text encoded
     * anew, and the text is decoded only if something reads it. The parser still checks those bytes as it moves past
     * them, so a malformed string fails the request as before. A short string ({@link #KEEP_SPELLING}) and one
     * that is not strict UTF-8 ({@link JsonString#of}) are decoded as the parser reads them.
     */
    ContentPart.Text textPart() throws IOException {
        int start = tokenStart(); // the opening quote
        if (start >= 0 && start < limit && source[start] == '"') {
            JsonString json = JsonString.literal(source, start + 1, limit, KEEP_SPELLING);
            if (json != null) {
                return ContentPart.Text.spelled(json);
            }
        }
        return new ContentPart.Text(parser.getText());
    }

    /** {@link #textPart()}, or {@code null} for JSON null. */
    ContentPart.Text optTextPart(String prefix, String field) throws IOException {
        if (parser.currentToken() == VALUE_STRING) {
            return textPart();
        }
        optString(prefix, field); // null is accepted; anything else fails as optString fails it
        return null;
    }

    /** The current value as a string; JSON {@code null} is {@code null}. */
    String optString(String prefix, String field) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == VALUE_STRING) {
            return parser.getText();
        }
        if (t == VALUE_NULL) {
            return null;
        }
        throw RequestErrors.invalidType(param(prefix, field), "a string", t);
    }

    String string(String prefix, String field) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == VALUE_STRING) {
            return parser.getText();
        }
        throw RequestErrors.invalidType(param(prefix, field), "a string", t);
    }

    /** A number in {@code [min, max]}; {@code null} for JSON null. Bounds are given as text for the messages. */
    Double optDecimal(String field, double min, double max, String minText, String maxText) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == VALUE_NULL) {
            return null;
        }
        if (t != VALUE_NUMBER_INT && t != VALUE_NUMBER_FLOAT) {
            throw RequestErrors.invalidType(field, "a decimal", t);
        }
        double value = parser.getDoubleValue();
        if (value < min) {
            throw RequestErrors.belowMinimum(field, "decimal", minText, parser.getText());
        }
        if (value > max) {
            throw RequestErrors.aboveMaximum(field, "decimal", maxText, parser.getText());
        }
        return value;
    }

    /** An integer in {@code [min, max]}; {@code null} for JSON null. */
    Integer optInteger(String prefix, String field, int min, int max) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == VALUE_NULL) {
            return null;
        }
        long value = integer(prefix, field, min, max);
        return (int) value;
    }

    Long optLong(String field) throws IOException {
        if (parser.currentToken() == VALUE_NULL) {
            return null;
        }
        return integer(null, field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long integer(String prefix, String field, long min, long max) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != VALUE_NUMBER_INT) {
            throw RequestErrors.invalidType(param(prefix, field), "an integer", t);
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.BIG_INTEGER) {
            String text = parser.getText();
            throw text.startsWith("-")
                    ? RequestErrors.belowMinimum(param(prefix, field), "integer", Long.toString(min), text)
                    : RequestErrors.aboveMaximum(param(prefix, field), "integer", Long.toString(max), text);
        }
        long value = parser.getLongValue();
        if (value < min) {
            throw RequestErrors.belowMinimum(param(prefix, field), "integer", Long.toString(min), parser.getText());
        }
        if (value > max) {
            throw RequestErrors.aboveMaximum(param(prefix, field), "integer", Long.toString(max), parser.getText());
        }
        return value;
    }

    /** Whether the current integer token is negative (without materialising its text). */
    boolean isNegativeInteger() throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> parser.getIntValue() < 0;
            case LONG -> parser.getLongValue() < 0;
            default -> parser.getBigIntegerValue().signum() < 0;
        };
    }

    Boolean optBoolean(String prefix, String field) throws IOException {
        JsonToken t = parser.currentToken();
        return switch (t) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw RequestErrors.invalidType(param(prefix, field), "a boolean", t);
        };
    }

    /** Fails unless the current token opens an object. */
    void requireObject(String param) {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw RequestErrors.invalidType(param, "an object", t);
        }
    }

    /** Fails unless the current token opens an array. */
    void requireArray(String param) {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.START_ARRAY) {
            throw RequestErrors.invalidType(param, "an array", t);
        }
    }

    /** Offset of the current token in the body (for {@link #slice}). */
    int tokenStart() {
        return (int) parser.currentTokenLocation().getByteOffset();
    }

    /**
     * The current value verbatim, consuming it. Objects and arrays are cut from the body bytes (valid JSON exactly as
     * the client sent it); scalars are re-written canonically.
     */
    RawJson raw() throws IOException {
        JsonToken t = parser.currentToken();
        switch (t) {
            case START_OBJECT, START_ARRAY -> {
                int start = tokenStart();
                parser.skipChildren();
                return slice(start);
            }
            case VALUE_STRING -> {
                return new RawJson(quote(parser.getText()));
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new RawJson(parser.getText());
            }
            case VALUE_TRUE -> {
                return new RawJson("true");
            }
            case VALUE_FALSE -> {
                return new RawJson("false");
            }
            default -> {
                return new RawJson("null");
            }
        }
    }

    /** The bytes from {@code start} to the end of the current (closing) token. */
    RawJson slice(int start) {
        int end = tokenStart() + 1;
        return new RawJson(new String(source, start, end - start, StandardCharsets.UTF_8));
    }

    static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, sb);
        return sb.append('"').toString();
    }
}
