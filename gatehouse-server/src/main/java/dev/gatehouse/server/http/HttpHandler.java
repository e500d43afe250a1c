package dev.gatehouse.server.http;

/**
 * What the application does with requests. Both methods run on the connection's event loop and must not block: work
 * that waits runs elsewhere and comes back with {@code exchange.loop().execute(...)}.
 */
public interface HttpHandler {
    /**
     * A complete request (head and body) arrived. The handler may answer at once or later; every {@link HttpExchange}
     * method that writes or registers must be called on {@link HttpExchange#loop()}'s thread. A handler that throws
     * before starting a response gets {@link #rejected} with 500, and the connection closes after that response.
     */
    void handle(HttpExchange exchange);

    /**
     * The listener refuses a request itself: malformed request line or header fields (400), head too large or too many
     * fields (431), body too large (413), request not complete in time (408), an unsupported transfer coding (501), an
     * expectation other than {@code 100-continue} (417), an HTTP/2 preface or an unsupported version (505), or 500 when
     * {@link #handle} threw. The handler answers with {@link HttpExchange#respond} before returning (a handler that
     * does not gets an empty response with that status); the connection closes after that response.
     * {@link HttpExchange#method()}, {@link HttpExchange#rawPath()} and {@link HttpExchange#header} return null when the
     * head could not be parsed.
     */
    void rejected(HttpExchange exchange, int status);
}
