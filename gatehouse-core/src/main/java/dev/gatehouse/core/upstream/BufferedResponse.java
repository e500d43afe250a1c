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

    @Override
    public void head(int status, Map<String, List<String>> headers, ResponseControl control) {
        this.status = status;
        this.headers = headers;
        long declared = contentLength(headers);
        if (declared > 0 && declared <= MAX_PRESIZE) {
            body = new byte[(int) declared];
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

    @Override
    public void failed(UpstreamException error) {
        body = EMPTY;
        result.completeExceptionally(error);
    }

    static long contentLength(Map<String, List<String>> headers) {
        List<String> values = headers.get("content-length");
        if (values == null || values.size() != 1) {
            return -1;
        }
        try {
            return Long.parseLong(values.getFirst().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
