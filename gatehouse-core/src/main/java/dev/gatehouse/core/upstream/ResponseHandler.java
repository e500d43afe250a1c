package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;

import java.util.List;
import java.util.Map;

/**
 * Receives one response from {@link LoopHttpTransport}, on the event loop that sent the request: {@link #head}, then
 * {@link #body} any number of times, then {@link #end}; or {@link #failed} at any point, after which nothing follows.
 * Nothing follows {@link #end} either, nor a {@link ResponseControl#cancel()}.
 */
public interface ResponseHandler {

    /**
     * The status line and headers of the final (non-1xx) response.
     *
     * @param headers    names lower-case, values in arrival order
     * @param bodyLength the body's length as the framing states it, already parsed from the head: its Content-Length,
     *                   or 0 when no body follows (a 204 or 304, the answer to a HEAD); -1 when the body is chunked or
     *                   runs until the close. Lets a handler size a buffer without reading the headers again.
     * @param control    to pause, resume or cancel the body; valid until the exchange ends
     */
    void head(int status, Map<String, List<String>> headers, long bodyLength, ResponseControl control);

    /**
     * Body bytes, de-chunked, as they arrive. They live in a buffer the loop shares between connections: valid only
     * during the call, so a handler that keeps any must copy them.
     */
    void body(byte[] bytes, int offset, int length);

    /**
     * The body ended at its framed end (or at close, for a body that runs until then). The connection has already
     * gone back to the pool if it may carry another request.
     */
    void end();

    /**
     * The exchange failed, before or after {@link #head}: unreachable, timed out, malformed, or the body broke off.
     */
    void failed(UpstreamException error);
}
