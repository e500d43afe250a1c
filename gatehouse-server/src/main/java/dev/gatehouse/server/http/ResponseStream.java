package dev.gatehouse.server.http;

/**
 * A response whose body is produced piece by piece: chunked for HTTP/1.1 clients; for HTTP/1.0 clients the bytes go
 * out as they are and the connection closes at the end. Every method must be called on the exchange's event loop
 * thread. Once the connection has closed (see {@link HttpExchange#onClose}), writes are dropped.
 */
public interface ResponseStream {
    /**
     * Appends the bytes as one chunk to the outgoing buffer; they are copied, so the caller may reuse its array. Not
     * sent before {@link #flush()} (unless a backlog is being written out meanwhile). Writing nothing does nothing.
     *
     * @throws IllegalStateException after {@link #end()} or {@link #abort()}
     */
    void write(byte[] bytes, int offset, int length);

    /**
     * Sends what is buffered (the response head too, on the first call), as far as the socket takes it now; the rest
     * goes out as the client reads. Returns false when more than 64 KiB is still waiting for a slow client: the
     * producer should stop and resume from {@link #onDrain}.
     */
    boolean flush();

    /**
     * The action to run when the backlog has drained below 16 KiB after {@link #flush()} returned false. It is kept:
     * it runs once for each such stall. Set after the stall has already drained, it runs at once (as a task on the
     * loop). An action that throws aborts the stream.
     */
    void onDrain(Runnable action);

    /**
     * Writes the last chunk and completes the exchange; the connection then serves its next request (keep-alive) or
     * closes. Calling it again does nothing.
     */
    void end();

    /**
     * The response cannot be completed: the connection closes without the last chunk, so the client sees a broken
     * body. The exchange's {@link HttpExchange#onClose} actions do not run for this. Does nothing after {@link #end()}.
     */
    void abort();
}
