package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.UpstreamException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A provider response read whole on the event loop (a completion, embeddings, or any error), then decoded by the
 * codec: a 2xx body into the answer, anything else into the error it stands for.
 */
final class BufferedResponse<T> implements ResponseHandler {
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_PRESIZE = 1 << 20;

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final ProviderCodec codec;
    private final Function<byte[], T> decode;
    private int status;
    private Map<String, List<String>> headers;
    private byte[] body = EMPTY;
    private int length;

    BufferedResponse(ProviderCodec codec, Function<byte[], T> decode) {
        this.codec = codec;
        this.decode = decode;
    }

    CompletableFuture<T> result() {
        return result;
    }

    /** Sized from the length the head parser found: a body of up to 1 MiB is received into exactly its size. */
    @Override
    public void head(int status, Map<String, List<String>> headers, long bodyLength, ResponseControl control) {
        this.status = status;
        this.headers = headers;
        if (bodyLength > 0 && bodyLength <= MAX_PRESIZE) {
            body = new byte[(int) bodyLength];
        }
    }

    @Override
    public void body(byte[] bytes, int offset, int count) {
        if (length + count > body.length) {
            body = Arrays.copyOf(body, Math.max(length + count, Math.max(512, body.length * 2)));
        }
        System.arraycopy(bytes, offset, body, length, count);
        length += count;
    }

    @Override
    public void end() {
        byte[] whole = length == body.length ? body : Arrays.copyOf(body, length);
        body = EMPTY;
        try {
            if (status >= 200 && status < 300) {
                result.complete(decode.apply(whole));
            } else {
                result.completeExceptionally(codec.decodeError(status, headers, whole));
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** The bytes the body buffer holds room for now (tests). */
    int capacity() {
        return body.length;
    }

    @Override
    public void failed(UpstreamException error) {
        body = EMPTY;
        result.completeExceptionally(error);
    }
}
