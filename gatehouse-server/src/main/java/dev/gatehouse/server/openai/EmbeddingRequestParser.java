package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.RawJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

/**
 * OpenAI {@code POST /v1/embeddings} body → {@link EmbeddingRequest}. {@code input} is a string, an array of strings,
 * an array of token ids, or an array of token-id arrays; at most {@value #MAX_INPUTS} inputs.
 */
final class EmbeddingRequestParser {
    static final int MAX_INPUTS = 2048;
    private static final String INPUT_TYPES =
            "one of a string, array of strings, array of integers, or array of arrays of integers";

    private final JsonInput in;
    private String model;
    private List<String> texts;
    private RawJson tokens;
    private boolean inputGiven;
    private String encodingFormat;
    private Integer dimensions;
    private String user;
    private Map<String, RawJson> extra;

    private EmbeddingRequestParser(JsonInput in) {
        this.in = in;
    }

    static EmbeddingRequest parse(byte[] body, int length) {
        return JsonInput.parseObject(body, length, in -> new EmbeddingRequestParser(in).read());
    }

    private EmbeddingRequest read() throws IOException {
        while (in.next() == FIELD_NAME) {
            String name = in.fieldName();
            in.next();
            switch (name) {
                case "model" -> {
                    model = in.string(null, "model");
                    if (model.isEmpty()) {
                        throw RequestErrors.emptyString("model");
                    }
                }
                case "input" -> input();
                case "encoding_format" -> {
                    encodingFormat = in.optString(null, "encoding_format");
                    if (encodingFormat != null && !encodingFormat.equals("float") && !encodingFormat.equals("base64")) {
                        throw RequestErrors.invalidValue("encoding_format", encodingFormat, "'float' and 'base64'");
                    }
                }
                case "dimensions" -> dimensions = in.optInteger(null, "dimensions", 1, Integer.MAX_VALUE);
                case "user" -> user = in.optString(null, "user");
                default -> {
                    if (ForbiddenFields.contains(name)) {
                        throw RequestErrors.forbidden(name);
                    }
                    if (extra == null) {
                        extra = new HashMap<>();
                    }
                    extra.put(name, in.raw());
                }
            }
        }
        if (model == null) {
            throw RequestErrors.missing("model");
        }
        if (!inputGiven) {
            throw RequestErrors.missing("input");
        }
        return new EmbeddingRequest(model, texts, tokens, encodingFormat, dimensions, user, extra);
    }

    private void input() throws IOException {
        inputGiven = true;
        texts = null;
        tokens = null;
        JsonToken t = in.token();
        if (t == VALUE_STRING) {
            String text = in.text();
            if (text.isEmpty()) {
                throw RequestErrors.emptyString("input");
            }
            texts = List.of(text);
            return;
        }
        if (t != START_ARRAY) {
            throw RequestErrors.invalidType("input", INPUT_TYPES, t);
        }
        int start = in.tokenStart();
        JsonToken first = in.next();
        switch (first) {
            case END_ARRAY -> throw RequestErrors.emptyArray("input");
            case VALUE_STRING -> texts = strings();
            case VALUE_NUMBER_INT -> {
                tokenIds("input", 0);
                tokens = in.slice(start);
            }
            case START_ARRAY -> {
                tokenArrays();
                tokens = in.slice(start);
            }
            default -> throw RequestErrors.invalidType("input[0]", INPUT_TYPES, first);
        }
    }

    /** Positioned on the first string; consumes the array. */
    private List<String> strings() throws IOException {
        List<String> out = new ArrayList<>();
        JsonToken t = in.token();
        do {
            if (t != VALUE_STRING) {
                throw RequestErrors.invalidType(JsonInput.element("input", out.size()), "a string", t);
            }
            String text = in.text();
            if (text.isEmpty()) {
                throw RequestErrors.emptyString(JsonInput.element("input", out.size()));
            }
            out.add(text);
            t = in.next();
        } while (t != END_ARRAY);
        if (out.size() > MAX_INPUTS) {
            throw RequestErrors.arrayTooLong("input", MAX_INPUTS, out.size());
        }
        return out;
    }

    /** Positioned on the first id (at {@code index}); consumes the array. */
    private void tokenIds(String param, int index) throws IOException {
        JsonToken t = in.token();
        int i = index;
        do {
            if (t != VALUE_NUMBER_INT) {
                throw RequestErrors.invalidType(JsonInput.element(param, i), "an integer", t);
            }
            if (in.isNegativeInteger()) {
                throw RequestErrors.belowMinimum(JsonInput.element(param, i), "integer", "0", in.text());
            }
            i++;
            t = in.next();
        } while (t != END_ARRAY);
    }

    /** Positioned on the first inner array; consumes the outer array. */
    private void tokenArrays() throws IOException {
        int count = 0;
        JsonToken t = in.token();
        do {
            String param = JsonInput.element("input", count);
            if (t != START_ARRAY) {
                throw RequestErrors.invalidType(param, "an array of integers", t);
            }
            if (in.next() == END_ARRAY) {
                throw RequestErrors.emptyArray(param);
            }
            tokenIds(param, 0);
            count++;
            t = in.next();
        } while (t != END_ARRAY);
        if (count > MAX_INPUTS) {
            throw RequestErrors.arrayTooLong("input", MAX_INPUTS, count);
        }
    }
}
