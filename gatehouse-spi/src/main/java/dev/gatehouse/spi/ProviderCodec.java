package dev.gatehouse.spi;

import java.util.List;
import java.util.Map;

/**
 * One provider wire protocol, as pure functions over bytes. A codec does no I/O, holds no keys between calls and knows
 * nothing of budgets or servers, so it is tested entirely on recorded bytes.
 */
public interface ProviderCodec {

    /** The protocol name used in configuration ({@code openai}, {@code anthropic}, …). */
    String protocol();

    /** The HTTP request for a chat completion (streamed when {@code request.stream()}). */
    UpstreamRequest encodeChat(ChatRequest request, UpstreamTarget target);

    /** A complete chat response from a 2xx body. Malformed bodies throw {@link UpstreamException}. */
    ChatResponse decodeChat(byte[] body);

    /** A fresh decoder for one streamed 2xx response. */
    StreamDecoder newStreamDecoder();

    /** The HTTP request for embeddings; providers without embeddings keep the default, which refuses. */
    default UpstreamRequest encodeEmbeddings(EmbeddingRequest request, UpstreamTarget target) {
        throw new InvalidRequestException("Embeddings are not supported by the " + protocol() + " provider", "model",
                "unsupported_operation");
    }

    /** Embeddings from a 2xx body. */
    default EmbeddingResponse decodeEmbeddings(byte[] body) {
        throw new InvalidRequestException("Embeddings are not supported by the " + protocol() + " provider", "model",
                "unsupported_operation");
    }

    /**
     * The error a non-2xx upstream response stands for.
     *
     * @param headers response headers, names lower-case
     */
    GatewayException decodeError(int status, Map<String, List<String>> headers, byte[] body);
}
