/**
 * An HTTP/1.1 server on event loops: the data plane's listener. Public API: {@link dev.gatehouse.server.http.HttpListener}
 * (binds, accepts, closes with a grace period), {@link dev.gatehouse.server.http.HttpHandler} (what the application
 * implements), {@link dev.gatehouse.server.http.HttpExchange} (one request and its response),
 * {@link dev.gatehouse.server.http.ResponseStream} (a chunked response with backpressure),
 * {@link dev.gatehouse.server.http.HttpFields} (response header fields) and
 * {@link dev.gatehouse.server.http.HttpLimits}. Everything else is package-private.
 *
 * <p>Each connection lives on one {@link dev.gatehouse.core.io.EventLoop}: its reads, parsing, the handler call and its
 * writes all run on that loop's thread, so a request that arrives in one read and is answered at once costs one read
 * and one write system call and no hand-off between threads. Requests are parsed by hand from bytes (ASCII, no
 * regular expressions); a connection keeps only its unparsed bytes between reads, and timeouts are enforced by one
 * periodic sweep per loop rather than by a timer per request.
 */
package dev.gatehouse.server.http;
