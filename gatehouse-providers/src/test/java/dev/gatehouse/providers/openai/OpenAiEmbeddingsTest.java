package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.providers.Fixtures;
import dev.gatehouse.spi.Embedding;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.Usage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.providers.openai.OpenAiChatEncodeTest.TARGET;
import static dev.gatehouse.providers.openai.OpenAiChatEncodeTest.body;
import static dev.gatehouse.providers.openai.OpenAiChatEncodeTest.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiEmbeddingsTest {
    private final OpenAiCodec codec = new OpenAiCodec();

    @Test
    void encodesTextInputWithEveryOption() {
        EmbeddingRequest request = new EmbeddingRequest("alias", List.of("The food was delicious.", "Très bon ✓"),
                null, "base64", 8, "user-1", Map.of("input", RawJson.of("\"injected\""), "x_trace", RawJson.of("1")));

        UpstreamRequest encoded = codec.encodeEmbeddings(request, TARGET);

        assertThat(encoded.method()).isEqualTo("POST");
        assertThat(encoded.uri()).isEqualTo(URI.create("https://api.openai.com/v1/embeddings"));
        assertThat(encoded.streaming()).isFalse();
        assertThat(encoded.headers()).containsKeys("Authorization", "Content-Type").doesNotContainKey("Accept");
        assertThat(body(encoded)).isEqualTo(tree("""
                {"model":"gpt-4o-2024-08-06","input":["The food was delicious.","Très bon ✓"],
                 "encoding_format":"base64","dimensions":8,"user":"user-1","x_trace":1}"""));
    }

    @Test
    void encodesTokenInputVerbatim() {
        EmbeddingRequest request = new EmbeddingRequest("alias", null, RawJson.of("[[1212, 318], [257]]"), null,
                null, null, null);

        assertThat(body(codec.encodeEmbeddings(request, TARGET))).isEqualTo(tree("""
                {"model":"gpt-4o-2024-08-06","input":[[1212,318],[257]]}"""));

        EmbeddingRequest spliced = new EmbeddingRequest("alias", null, RawJson.of("[1], \"model\": \"x\""), null,
                null, null, null);
        assertThatThrownBy(() -> codec.encodeEmbeddings(spliced, TARGET)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void decodesFloatVectors() throws Exception {
        EmbeddingResponse response = codec.decodeEmbeddings(Fixtures.bytes("openai/embeddings-float.json"));

        assertThat(response.model()).isEqualTo("text-embedding-3-small");
        assertThat(response.usage()).isEqualTo(new Usage(9, 0, 9, 0, 0, 0));
        assertThat(response.data()).extracting(Embedding::index).containsExactly(0, 1);
        var expected = new ObjectMapper().readTree(Fixtures.bytes("openai/embeddings-float.json"));
        for (Embedding embedding : response.data()) {
            assertThat(embedding.base64()).isNull();
            assertThat(embedding.vector()).hasSize(8);
            for (int i = 0; i < 8; i++) {
                assertThat(embedding.vector()[i])
                        .isEqualTo(expected.at("/data/" + embedding.index() + "/embedding/" + i).floatValue());
            }
        }
        assertThat(response.data().getFirst().vector()[0]).isEqualTo(-0.0069308765f);
    }

    @Test
    void decodesBase64VectorsVerbatimAndTheyHoldTheSameFloats() {
        EmbeddingResponse floats = codec.decodeEmbeddings(Fixtures.bytes("openai/embeddings-float.json"));
        EmbeddingResponse base64 = codec.decodeEmbeddings(Fixtures.bytes("openai/embeddings-base64.json"));

        assertThat(base64.usage()).isEqualTo(floats.usage());
        for (int n = 0; n < 2; n++) {
            Embedding encoded = base64.data().get(n);
            assertThat(encoded.vector()).isNull();
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded.base64()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(decoded);
            assertThat(decoded).containsExactly(floats.data().get(n).vector());
        }
    }

    @Test
    void entriesComeBackInIndexOrder() {
        EmbeddingResponse response = codec.decodeEmbeddings("""
                {"data":[{"index":1,"embedding":[1]},{"index":0,"embedding":[0.5,-2]}],"model":"m"}"""
                .getBytes(StandardCharsets.UTF_8));

        assertThat(response.data()).extracting(Embedding::index).containsExactly(0, 1);
        assertThat(response.data().getFirst().vector()).containsExactly(0.5f, -2f);
        assertThat(response.usage()).isNull();
    }

    @Test
    void malformedBodiesAreBadUpstreamResponses() {
        for (String body : List.of("", "[]", "{\"data\":[{\"embedding\":[1,\"x\"]}]}", "{\"data\":{}}",
                "{\"data\":[{\"index\":0}]}", "{\"data\":[1]}", "{\"model\":\"m\"}", "{\"data\":[]", "{\"data\":[]}x",
                "{\"data\":[{\"embedding\":[1,null]}]}")) {
            assertThatThrownBy(() -> codec.decodeEmbeddings(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOfSatisfying(UpstreamException.class,
                            e -> assertThat(e.code()).isEqualTo("bad_upstream_response"));
        }
        assertThatThrownBy(() -> codec.decodeEmbeddings("{\"error\":{\"message\":\"slow down\",\"code\":429}}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.upstreamStatus()).isEqualTo(429));
    }
}
