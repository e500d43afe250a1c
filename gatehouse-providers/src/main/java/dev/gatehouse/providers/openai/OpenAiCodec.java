package dev.gatehouse.providers.openai;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.ProviderBody;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenAI wire protocol ({@code /chat/completions}, {@code /embeddings}). Pure: no I/O and no state beyond the clock
 * used to read HTTP-date {@code Retry-After} headers. Safe to share between threads.
 */
public final class OpenAiCodec implements ProviderCodec {
    /** The protocol name used in configuration. */
    public static final String PROTOCOL = ProviderBody.OPENAI;

    private final Clock clock;

    /** A codec on the system clock. */
    public OpenAiCodec() {
        this(Clock.systemUTC());
    }

    /** A codec that measures {@code Retry-After} dates against {@code clock}. */
    public OpenAiCodec(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, UpstreamTarget target) {
        byte[] body = ChatRequestWriter.write(request, target.upstreamModel());
        return post(target.resolve("/chat/completions"), target, body, request.stream());
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        return ChatResponseReader.read(body);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new OpenAiStreamDecoder();
    }

    @Override
    public UpstreamRequest encodeEmbeddings(EmbeddingRequest request, UpstreamTarget target) {
        byte[] body = EmbeddingsWriter.write(request, target.upstreamModel());
        return post(target.resolve("/embeddings"), target, body, false);
    }

    @Override
    public EmbeddingResponse decodeEmbeddings(byte[] body) {
        return EmbeddingsReader.read(body);
    }

    @Override
    public GatewayException decodeError(int status, Map<String, List<String>> headers, byte[] body) {
        return ErrorDecoder.decode(status, headers, body, clock);
    }

    /**
     * A JSON POST. The deployment's configured headers come last and replace a built-in header of the same name (in
     * any case), so a deployment can, say, authenticate differently.
     */
    private static UpstreamRequest post(URI uri, UpstreamTarget target, byte[] body, boolean streaming) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (target.apiKey() != null) {
            headers.put("Authorization", "Bearer " + target.apiKey().reveal());
        }
        headers.put("Content-Type", "application/json");
        if (streaming) {
            headers.put("Accept", "text/event-stream");
        }
        for (Map.Entry<String, String> header : target.headers().entrySet()) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(header.getKey()));
            headers.put(header.getKey(), header.getValue());
        }
        return new UpstreamRequest("POST", uri, headers, body, streaming);
    }
}
