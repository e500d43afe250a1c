package dev.gatehouse.core;

/** An entry of {@code GET /v1/models}: a public model name. {@code created} is seconds since the epoch. */
public record ModelInfo(String id, long created, String ownedBy) {
}
