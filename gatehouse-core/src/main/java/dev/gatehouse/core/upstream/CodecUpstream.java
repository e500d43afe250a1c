package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A deployment reached over HTTP: the codec builds and reads the bytes, the transport moves them. On an event loop the
 * async methods go through the {@link LoopHttpTransport} when it carries the request (http and https), on the
 * same loop and without waiting; otherwise through the waiting transport on a virtual thread ({@link Offload}).
 */
public final class CodecUpstream implements Upstream {
    private final ProviderCodec codec;
    private final UpstreamTarget target;
    private final HttpTransport transport;
    private final LoopHttpTransport loopTransport;

    public CodecUpstream(ProviderCodec codec, UpstreamTarget target, HttpTransport transport) {
        this(codec, target, transport, null);
    }

    /** @param loopTransport for callers on an event loop; null to serve them through {@code transport} */
    public CodecUpstream(ProviderCodec codec, UpstreamTarget target, HttpTransport transport,
                         LoopHttpTransport loopTransport) {
        this.codec = codec;
        this.target = target;
        this.transport = transport;
        this.loopTransport = loopTransport;
    }

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        UpstreamRequest encoded = codec.encodeChat(request, target);
        EventLoop loop = onLoop(encoded);
        if (loop == null) {
            return Offload.call(() -> exchange(encoded, codec::decodeChat));
        }
        BufferedResponse<ChatResponse> response = new BufferedResponse<>(codec, codec::decodeChat);
        loopTransport.send(loop, encoded, response);
        return response.result();
    }

    @Override
    public CompletableFuture<EventStream> streamAsync(ChatRequest request) {
        UpstreamRequest encoded = codec.encodeChat(request, target);
        EventLoop loop = onLoop(encoded);
        if (loop == null) {
            return Offload.stream(() -> stream(encoded));
        }
        StreamedResponse response = new StreamedResponse(loop, codec);
        loopTransport.send(loop, encoded, response);
        return response.result();
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        UpstreamRequest encoded = codec.encodeEmbeddings(request, target);
        EventLoop loop = onLoop(encoded);
        if (loop == null) {
            return Offload.call(() -> exchange(encoded, codec::decodeEmbeddings));
        }
        BufferedResponse<EmbeddingResponse> response = new BufferedResponse<>(codec, codec::decodeEmbeddings);
        loopTransport.send(loop, encoded, response);
        return response.result();
    }

    /** The caller's loop when the loop transport carries this request; null when it goes the waiting way. */
    private EventLoop onLoop(UpstreamRequest request) {
        EventLoop loop = EventLoop.current();
        return loop != null && loopTransport != null && loopTransport.handles(request.uri()) ? loop : null;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return exchange(codec.encodeChat(request, target), codec::decodeChat);
    }

    @Override
    public EventStream stream(ChatRequest request) {
        return stream(codec.encodeChat(request, target));
    }

    private EventStream stream(UpstreamRequest request) {
        UpstreamResponse response = transport.send(request);
        if (!response.successful()) {
            throw error(response);
        }
        return new DecodingEventStream(response, codec.newStreamDecoder());
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return exchange(codec.encodeEmbeddings(request, target), codec::decodeEmbeddings);
    }

    private <T> T exchange(UpstreamRequest request, Function<byte[], T> decode) {
        try (UpstreamResponse response = transport.send(request)) {
            if (!response.successful()) {
                throw error(response);
            }
            return decode.apply(read(response));
        }
    }

    private RuntimeException error(UpstreamResponse response) {
        try (response) {
            return codec.decodeError(response.status(), response.headers(), read(response));
        }
    }

    private static byte[] read(UpstreamResponse response) {
        try {
            return response.readAll();
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.UNREACHABLE, "The provider's response broke off.", null,
                    null, "upstream_interrupted", null, e);
        }
    }
}
