package dev.gatehouse.server;

import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.server.openai.OpenAiWire;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.InternalGatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.MDC;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every request of the OpenAI listener, top to bottom: request id, route, body, {@link Gateway#handle}, response.
 * Failures of any kind end in {@link ErrorMapping}; nothing else writes an error.
 */
final class ApiHandler implements Handler {
    static final String MDC_REQUEST_ID = "request_id";


    private final Gateway gateway;
    private final long maxRequestBytes;
    private final BooleanSupplier ready;

    ApiHandler(Gateway gateway, long maxRequestBytes, BooleanSupplier ready) {
        this.gateway = gateway;
        this.maxRequestBytes = maxRequestBytes;
        this.ready = ready;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String requestId = RequestIds.accept(req.headers().value(HttpHeaders.REQUEST_ID).orElse(null));
        res.header(HttpHeaders.REQUEST_ID, requestId);
        MDC.put(MDC_REQUEST_ID, requestId);
        try {
            route(req, res, requestId);
        } catch (GatewayException e) {
            sendError(req, res, ErrorMapping.map(e, requestId));
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            sendError(req, res, ErrorMapping.map(new InternalGatewayException(e), requestId));
        } finally {
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    private void route(ServerRequest req, ServerResponse res, String requestId) {
        String path = req.path().rawPath();
        Method method = req.prologue().method();
        Route route = Route.resolve(method.text(), path);
        switch (route) {
            case CHAT -> chat(req, res, requestId);
            case EMBEDDINGS -> embeddings(req, res, requestId);
            case MODELS -> {
                Reply.Models models = models(req, requestId);
                sendJson(res, OpenAiWire.modelList(models.models()), null);
            }
            case MODEL -> model(req, res, requestId);
            case LIVENESS -> health(res, true);
            case READINESS -> health(res, ready.getAsBoolean());
            case UNKNOWN -> throw new IllegalStateException("unreachable");
        }
    }

    private void chat(ServerRequest req, ServerResponse res, String requestId) {
        RequestContext context = context(req, requestId);
        RequestBody body = RequestBody.read(req, maxRequestBytes);
        ChatRequest request = OpenAiWire.parseChatRequest(body.data(), body.length());
        Reply reply = gateway.handle(new Exchange(context, new Operation.Chat(request)));
        switch (reply) {
            case Reply.Chat chat -> sendJson(res, OpenAiWire.chatCompletion(chat.response()), chat.deployment());
            case Reply.Stream stream -> SseResponder.stream(res, stream.events(), stream.deployment(), request,
                    requestId, context.receivedAt().getEpochSecond());
            default -> throw unexpected(reply);
        }
    }

    private void embeddings(ServerRequest req, ServerResponse res, String requestId) {
        RequestContext context = context(req, requestId);
        RequestBody body = RequestBody.read(req, maxRequestBytes);
        EmbeddingRequest request = OpenAiWire.parseEmbeddingRequest(body.data(), body.length());
        Reply reply = gateway.handle(new Exchange(context, new Operation.Embeddings(request)));
        if (!(reply instanceof Reply.Embeddings embeddings)) {
            throw unexpected(reply);
        }
        sendJson(res, OpenAiWire.embeddings(embeddings.response()), embeddings.deployment());
    }

    private Reply.Models models(ServerRequest req, String requestId) {
        Reply reply = gateway.handle(new Exchange(context(req, requestId), new Operation.ListModels()));
        if (!(reply instanceof Reply.Models models)) {
            throw unexpected(reply);
        }
        return models;
    }

    private void model(ServerRequest req, ServerResponse res, String requestId) {
        String id = Route.modelId(req.path().path()); // decoded: ids may hold escaped characters
        List<ModelInfo> models = models(req, requestId).models();
        for (ModelInfo model : models) {
            if (model.id().equals(id)) {
                sendJson(res, OpenAiWire.model(model), null);
                return;
            }
        }
        throw Route.modelNotFound(id);
    }

    private static void health(ServerResponse res, boolean ok) {
        res.status(ok ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HttpHeaders.CACHE_NO_STORE);
        res.send(Route.healthBody(ok));
    }

    /** The caller, authenticated before any body is read: an unknown caller costs no parsing. */
    private RequestContext context(ServerRequest req, String requestId) {
        ServerRequestHeaders headers = req.headers();
        Instant now = gateway.clock().instant();
        return gateway.authenticate(RequestContext.of(requestId, now, clientAddress(req.remotePeer().address()),
                Credentials.from(headers.value(HeaderNames.AUTHORIZATION).orElse(null),
                        headers.value(HttpHeaders.API_KEY).orElse(null))));
    }

    private static String clientAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress(); // never a reverse DNS lookup
        }
        return String.valueOf(address);
    }

    private static void sendJson(ServerResponse res, byte[] body, String deployment) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        HttpHeaders.deployment(res, deployment);
        res.send(body);
    }

    private static void sendError(ServerRequest req, ServerResponse res, ApiError error) {
        if (res.isSent()) {
            throw new CloseConnectionException("Cannot report an error: the response has already started");
        }
        res.status(Status.create(error.status()));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        if (error.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, error.retryAfter());
        }
        if (error.allow() != null) {
            res.header(HeaderNames.ALLOW, error.allow());
        }
        if (error.status() == 413 && req.prologue().protocolVersion().startsWith("1.")) {
            res.header(HeaderValues.CONNECTION_CLOSE); // the rest of the body is not worth reading
        }
        res.send(OpenAiWire.error(error.message(), error.type(), error.param(), error.code()));
    }

    private static InternalGatewayException unexpected(Reply reply) {
        return new InternalGatewayException(new IllegalStateException("unexpected reply " + reply.getClass()));
    }
}
