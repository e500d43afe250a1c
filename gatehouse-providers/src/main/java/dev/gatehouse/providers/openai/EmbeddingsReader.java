package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gatehouse.spi.Embedding;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads an OpenAI embeddings list with a streaming parser: responses hold many thousands of floats, which a tree would
 * box one by one. Vectors come as float arrays or as base64 strings, kept as given.
 */
final class EmbeddingsReader {
    private static final String WHAT = "embeddings response";

    private EmbeddingsReader() {
    }

    static EmbeddingResponse read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        try (JsonParser parser = Json.READER.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            String model = "";
            List<Embedding> data = null;
            Usage usage = null;
            JsonNode error = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : model;
                    case "data" -> data = value == JsonToken.START_ARRAY ? data(parser) : skip(parser, null);
                    case "usage" -> usage = UsageReader.read(parser);
                    case "error" -> error = Json.SUBTREE_READER.readTree(parser);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw ErrorDecoder.badResponse(WHAT);
            }
            if (data == null) {
                if (error != null && !error.isNull()) {
                    throw ErrorDecoder.inBand(JsonNodeFactory.instance.objectNode().set("error", error));
                }
                throw ErrorDecoder.badResponse(WHAT);
            }
            return new EmbeddingResponse(model, data, usage);
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ErrorDecoder.badResponse(WHAT);
        }
    }

    private static List<Embedding> data(JsonParser parser) throws IOException {
        List<Embedding> data = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            data.add(embedding(parser, data.size()));
        }
        expect(parser.currentToken(), JsonToken.END_ARRAY);
        data.sort(Comparator.comparingInt(Embedding::index));
        return data;
    }

    private static Embedding embedding(JsonParser parser, int position) throws IOException {
        int index = position;
        float[] vector = null;
        String base64 = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : index;
                case "embedding" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        base64 = parser.getText();
                    } else {
                        expect(value, JsonToken.START_ARRAY);
                        vector = floats(parser);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if ((vector == null) == (base64 == null)) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        return new Embedding(index, vector, base64);
    }

    private static float[] floats(JsonParser parser) throws IOException {
        float[] values = new float[256];
        int size = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = parser.getFloatValue();
        }
        expect(token, JsonToken.END_ARRAY);
        return size == values.length ? values : Arrays.copyOf(values, size);
    }

    private static <T> T skip(JsonParser parser, T result) throws IOException {
        parser.skipChildren();
        return result;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw ErrorDecoder.badResponse(WHAT);
        }
    }
}
