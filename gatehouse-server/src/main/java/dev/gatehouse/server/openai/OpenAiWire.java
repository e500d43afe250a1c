package dev.gatehouse.server.openai;

import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.InvalidRequestException;

import java.util.List;

/**
 * The OpenAI ingress codec: OpenAI wire JSON ⇄ canonical model. Pure functions over bytes (no I/O, no HTTP), so the
 * listener stays thin and everything here is tested on bytes. Bad input throws {@link InvalidRequestException} with
 * OpenAI's wording and the offending {@code param}.
 */
public final class OpenAiWire {
    private OpenAiWire() {
    }

    /** {@code POST /v1/chat/completions} body ({@code body[0, length)}). */
    public static ChatRequest parseChatRequest(byte[] body, int length) {
        return ChatRequestParser.parse(body, length);
    }

    /** {@code POST /v1/embeddings} body ({@code body[0, length)}). */
    public static EmbeddingRequest parseEmbeddingRequest(byte[] body, int length) {
        return EmbeddingRequestParser.parse(body, length);
    }

    /** A {@code chat.completion} object. */
    public static byte[] chatCompletion(ChatResponse response) {
        return ResponseWriter.chatCompletion(response);
    }

    /** The streamed form of one completion; the fallbacks are used until the upstream says otherwise. */
    public static SseEncoder sseEncoder(String fallbackId, String fallbackModel, long fallbackCreated,
                                        boolean includeUsage) {
        return new ChunkEncoder(fallbackId, fallbackModel, fallbackCreated, includeUsage);
    }

    /** An embeddings {@code list}. */
    public static byte[] embeddings(EmbeddingResponse response) {
        return ResponseWriter.embeddings(response);
    }

    /** {@code GET /v1/models}. */
    public static byte[] modelList(List<ModelInfo> models) {
        return ResponseWriter.models(models);
    }

    /** {@code GET /v1/models/{id}}. */
    public static byte[] model(ModelInfo model) {
        return ResponseWriter.model(model);
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    public static byte[] error(String message, String type, String param, String code) {
        return ResponseWriter.error(message, type, param, code);
    }
}
