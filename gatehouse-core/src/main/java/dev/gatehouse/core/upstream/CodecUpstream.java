package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;

import java.io.IOException;
import java.util.function.Function;

/** A deployment reached over HTTP: the codec builds and reads the bytes, the transport moves them. */
public final class CodecUpstream implements Upstream {
    private final ProviderCodec codec;
    private final UpstreamTarget target;
    private final HttpTransport transport;

    public CodecUpstream(ProviderCodec codec, UpstreamTarget target, HttpTransport transport) {
        this.codec = codec;
        this.target = target;
        this.transport = transport;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return exchange(codec.encodeChat(request, target), codec::decodeChat);
    }

    @Override
    public EventStream stream(ChatRequest request) {
        UpstreamResponse response = transport.send(codec.encodeChat(request, target));
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
