package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.spi.EmbeddingRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** Writes an OpenAI {@code POST /embeddings} body. */
final class EmbeddingsWriter {
    static final Set<String> OWN_FIELDS = Set.of("model", "input", "encoding_format", "dimensions", "user");

    private EmbeddingsWriter() {
    }

    static byte[] write(EmbeddingRequest request, String upstreamModel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("model", upstreamModel);
            out.writeFieldName("input");
            if (request.texts() != null) {
                out.writeStartArray();
                for (String text : request.texts()) {
                    out.writeString(text);
                }
                out.writeEndArray();
            } else {
                Json.writeRaw(out, request.tokenInput(), "input");
            }
            if (request.encodingFormat() != null) {
                out.writeStringField("encoding_format", request.encodingFormat());
            }
            if (request.dimensions() != null) {
                out.writeNumberField("dimensions", request.dimensions());
            }
            if (request.user() != null) {
                out.writeStringField("user", request.user());
            }
            ChatRequestWriter.writeExtra(out, request.extra(), OWN_FIELDS);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
