package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.Embedding;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.Usage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Deterministic unit-length vectors derived from SHA-256 of each input, for the {@code mock} provider. */
final class MockEmbeddings {
    private static final int DEFAULT_DIMENSIONS = 16;
    private static final int MAX_DIMENSIONS = 4096;

    private MockEmbeddings() {
    }

    static EmbeddingResponse embed(EmbeddingRequest request) {
        int dimensions = request.dimensions() == null ? DEFAULT_DIMENSIONS : request.dimensions();
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new InvalidRequestException("dimensions must be between 1 and " + MAX_DIMENSIONS + " for the mock "
                    + "provider.", "dimensions");
        }
        List<String> inputs = request.texts() != null ? request.texts() : List.of(request.tokenInput().json());
        boolean base64 = "base64".equals(request.encodingFormat());
        List<Embedding> data = new ArrayList<>(inputs.size());
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i), dimensions);
            tokens += MockUpstream.MockReply.estimateTokens(inputs.get(i));
            data.add(base64 ? new Embedding(i, null, toBase64(vector)) : new Embedding(i, vector, null));
        }
        return new EmbeddingResponse(request.model(), data, new Usage(tokens, 0, tokens, 0, 0, 0));
    }

    static float[] vector(String input, int dimensions) {
        float[] v = new float[dimensions];
        byte[] block = new byte[0];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            if (i % 32 == 0) {
                block = sha256(input + "#" + (i / 32));
            }
            v[i] = (block[i % 32] & 0xff) / 127.5f - 1f;
            norm += v[i] * v[i];
        }
        float scale = norm == 0 ? 1f : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private static String toBase64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            buffer.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
