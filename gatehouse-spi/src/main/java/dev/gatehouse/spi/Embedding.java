package dev.gatehouse.spi;

/**
 * One embedding vector: either {@code vector} (float format) or {@code base64} (little-endian float32 bytes) is set.
 */
public record Embedding(int index, float[] vector, String base64) {
    public Embedding {
        if ((vector == null) == (base64 == null)) {
            throw new IllegalArgumentException("exactly one of vector and base64");
        }
    }
}
