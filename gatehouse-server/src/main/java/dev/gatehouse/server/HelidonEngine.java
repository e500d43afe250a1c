package dev.gatehouse.server;

import dev.gatehouse.core.Gateway;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;

import java.io.UncheckedIOException;
import java.net.BindException;

/**
 * The {@code threads} engine: Helidon SE, a virtual thread per connection, HTTP/1.1 and h2c. Wiring is explicit and
 * read top to bottom in the constructor: one handler for every path ({@link ApiHandler}), Helidon's own error
 * responses replaced by the JSON ones, and Helidon's payload limit set to ours.
 */
final class HelidonEngine implements GatewayServer.Engine {
    private final WebServer server;
    private volatile boolean closing;

    private HelidonEngine(ServerSettings settings, Gateway gateway) {
        ApiHandler handler = new ApiHandler(gateway, settings.maxRequestBytes(), () -> !closing);
        DirectHandler errors = new JsonDirectHandler(settings.maxRequestBytes());
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, errors);
        }
        this.server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.maxRequestBytes())
                // Stream events are small writes flushed one by one: Nagle would hold each for the previous ACK.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // Blocking sockets: NIO ones hold two 8 KB buffers per connection where these hold one (10,000 open
                // streams are 10,000 connections), at the same throughput.
                .useNio(false)
                // The buffer a streamed response is written through, held for the stream's life (10,000 open streams
                // hold 10,000). SseResponder hands over each batch of events in one write, which passes such a small
                // buffer straight to the socket, so it would only duplicate the encoder's own frame buffer.
                .writeBufferSize(256)
                // Response headers are ours (constants, numbers, checked request ids; see HttpHeaders.deployment):
                // re-validating each on every response was a percent of the CPU. Request headers are still validated.
                .addProtocol(Http1Config.builder().validateResponseHeaders(false).build())
                .directHandlers(direct.build())
                .errorHandling(ErrorHandling.builder().includeEntity(false).build())
                .shutdownHook(false)
                .routing(routing -> routing.any(handler))
                .build();
    }

    /** Binds and starts serving; throws {@link UncheckedIOException} wrapping a {@link BindException}. */
    static HelidonEngine start(ServerSettings settings, Gateway gateway) {
        HelidonEngine server = new HelidonEngine(settings, gateway);
        server.server.start();
        if (!server.server.isRunning() || server.server.port() <= 0) {
            // Helidon logs a failed bind and shuts down instead of throwing.
            server.server.stop();
            throw new UncheckedIOException(new BindException("Cannot listen on " + settings.host() + ":"
                    + settings.port() + ": the address is in use or not available on this machine"));
        }
        return server;
    }

    @Override
    public int port() {
        return server.port();
    }

    /** Stops accepting connections and lets requests in flight finish (Helidon's grace period). */
    @Override
    public void close() {
        closing = true;
        server.stop();
    }
}
