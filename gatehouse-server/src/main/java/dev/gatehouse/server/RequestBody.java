package dev.gatehouse.server;

import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.PayloadTooLargeException;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Reads a request body into memory, never more than the limit: a declared {@code Content-Length} over it is refused
 * before reading, and a chunked body is counted as it arrives (Helidon's own payload limit, set to the same value,
 * stops an oversized chunk before it is buffered).
 */
final class RequestBody {
    private static final byte[] EMPTY = new byte[0];
    private static final int CHUNKED_INITIAL = 8192;

    private final byte[] data;
    private final int length;

    private RequestBody(byte[] data, int length) {
        this.data = data;
        this.length = length;
    }

    /** The bytes; only the first {@link #length()} are the body. */
    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }

    static RequestBody read(ServerRequest request, long limit) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw new PayloadTooLargeException(limit);
        }
        if (!request.content().hasEntity()) {
            return new RequestBody(EMPTY, 0);
        }
        try (InputStream in = request.content().inputStream()) {
            if (declared.isPresent()) {
                int size = (int) declared.getAsLong();
                byte[] buf = new byte[size];
                return new RequestBody(buf, in.readNBytes(buf, 0, size));
            }
            return chunked(in, limit);
        } catch (IOException | RuntimeException e) {
            throw translate(e, limit);
        }
    }

    private static RequestBody chunked(InputStream in, long limit) throws IOException {
        int cap = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
        byte[] buf = new byte[Math.min(cap, CHUNKED_INITIAL)];
        int count = 0;
        while (true) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, cap));
            }
            int read = in.read(buf, count, buf.length - count);
            if (read < 0) {
                return new RequestBody(buf, count);
            }
            count += read;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }

    private static RuntimeException translate(Exception e, long limit) {
        if (e instanceof PayloadTooLargeException tooLarge) {
            return tooLarge;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Helidon's own limit: RequestException (HTTP/1 chunks), HttpException (decoded or HTTP/2 entity)
            if ((t instanceof RequestException re && re.status().code() == 413)
                    || (t instanceof HttpException he && he.status().code() == 413)) {
                return new PayloadTooLargeException(limit);
            }
        }
        if (e instanceof RequestException || e instanceof HttpException || e instanceof IOException
                || e instanceof UncheckedIOException) {
            return new InvalidRequestException("The request body could not be read.", null, "unreadable_body");
        }
        return (RuntimeException) e;
    }
}
