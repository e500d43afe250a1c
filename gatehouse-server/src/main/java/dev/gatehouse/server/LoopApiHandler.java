package dev.gatehouse.server;

import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.server.http.HttpExchange;
import dev.gatehouse.server.http.HttpFields;
import dev.gatehouse.server.http.HttpHandler;
import dev.gatehouse.server.openai.OpenAiWire;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.InternalGatewayException;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every request of the OpenAI listener on the event loops, top to bottom: request id, route, body, {@link
 * Gateway#handle}, response. Runs on the connection's loop and never waits: a reply still on its way ({@link
 * Reply.Pending}) is answered when it completes, on the same loop. Failures of any kind end in {@link ErrorMapping};
 * nothing else writes an error.
 */
final class LoopApiHandler implements HttpHandler {

    private final Gateway gateway;
    private final long maxRequestBytes;
    private final BooleanSupplier ready;

    LoopApiHandler(Gateway gateway, long maxRequestBytes, BooleanSupplier ready) {
        this.gateway = gateway;
        this.maxRequestBytes = maxRequestBytes;
        this.ready = ready;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = RequestIds.accept(exchange.header(LoopHeaders.REQUEST_ID));
        try {
            route(exchange, requestId);
        } catch (GatewayException e) {
            sendError(exchange, ErrorMapping.map(e, requestId), requestId);
        } catch (RuntimeException e) {
            sendError(exchange, ErrorMapping.map(new InternalGatewayException(e), requestId), requestId);
        }
    }

    @Override
    public void rejected(HttpExchange exchange, int status) {
        String requestId = RequestIds.accept(exchange.header(LoopHeaders.REQUEST_ID));
        sendError(exchange, RejectedRequests.error(status, maxRequestBytes, requestId), requestId);
    }

    private void route(HttpExchange exchange, String requestId) {
        String target = exchange.rawPath();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String method = exchange.method();
        Route route = Route.resolve(method, path);
        switch (route) {
            case CHAT -> {
                RequestContext context = context(exchange, requestId);
                ChatRequest request = OpenAiWire.parseChatRequest(exchange.body(), exchange.bodyLength());
                answer(exchange, requestId, request, context,
                        gateway.handle(new Exchange(context, new Operation.Chat(request))));
            }
            case EMBEDDINGS -> {
                RequestContext context = context(exchange, requestId);
                EmbeddingRequest request = OpenAiWire.parseEmbeddingRequest(exchange.body(), exchange.bodyLength());
                answer(exchange, requestId, null, context,
                        gateway.handle(new Exchange(context, new Operation.Embeddings(request))));
            }
            case MODELS -> sendJson(exchange, requestId, OpenAiWire.modelList(models(exchange, requestId)), null);
            case MODEL -> model(exchange, requestId, Route.modelId(PathDecoding.decode(path)));
            case LIVENESS -> health(exchange, requestId, true);
            case READINESS -> health(exchange, requestId, ready.getAsBoolean());
            case UNKNOWN -> throw new IllegalStateException("unreachable");
        }
    }

    /** Answers a reply, now or when a pending one completes (on this exchange's loop). */
    private void answer(HttpExchange exchange, String requestId, ChatRequest request, RequestContext context,
                        Reply reply) {
        switch (reply) {
            case Reply.Pending pending -> pending.reply().whenComplete((done, failure) -> {
                if (!exchange.open()) {
                    if (done instanceof Reply.Stream stream) {
                        stream.events().close();
                    }
                    return;
                }
                try {
                    if (failure != null) {
                        throw Replies.unwrap(failure);
                    }
                    answer(exchange, requestId, request, context, done);
                } catch (GatewayException e) {
                    sendError(exchange, ErrorMapping.map(e, requestId), requestId);
                } catch (RuntimeException e) {
                    sendError(exchange, ErrorMapping.map(new InternalGatewayException(e), requestId), requestId);
                }
            });
            case Reply.Chat chat -> sendJson(exchange, requestId, OpenAiWire.chatCompletion(chat.response()),
                    chat.deployment());
            case Reply.Embeddings embeddings -> sendJson(exchange, requestId,
                    OpenAiWire.embeddings(embeddings.response()), embeddings.deployment());
            case Reply.Stream stream -> new LoopSseResponder(exchange, stream.events(), stream.deployment(), request,
                    requestId, context.receivedAt().getEpochSecond()).start();
            case Reply.Models models -> throw unexpected(models);
        }
    }

    private List<ModelInfo> models(HttpExchange exchange, String requestId) {
        Reply reply = gateway.handle(new Exchange(context(exchange, requestId), new Operation.ListModels()));
        if (!(reply instanceof Reply.Models models)) {
            throw unexpected(reply);
        }
        return models.models();
    }

    private void model(HttpExchange exchange, String requestId, String id) {
        for (ModelInfo model : models(exchange, requestId)) {
            if (model.id().equals(id)) {
                sendJson(exchange, requestId, OpenAiWire.model(model), null);
                return;
            }
        }
        throw Route.modelNotFound(id);
    }

    private static void health(HttpExchange exchange, String requestId, boolean ok) {
        byte[] body = Route.healthBody(ok);
        HttpFields headers = new HttpFields()
                .add(LoopHeaders.REQUEST_ID, requestId)
                .add(LoopHeaders.CONTENT_TYPE, LoopHeaders.JSON)
                .add(LoopHeaders.CACHE_CONTROL, "no-store");
        exchange.respond(ok ? 200 : 503, headers, body, 0, body.length);
    }

    /** The caller, authenticated before the body is parsed: an unknown caller costs no parsing. */
    private RequestContext context(HttpExchange exchange, String requestId) {
        InetSocketAddress remote = exchange.remoteAddress();
        String client = remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress()
                : String.valueOf(remote); // never a reverse DNS lookup
        return gateway.authenticate(RequestContext.of(requestId, gateway.clock().instant(), client,
                Credentials.from(exchange.header("authorization"), exchange.header(LoopHeaders.API_KEY))));
    }

    private static void sendJson(HttpExchange exchange, String requestId, byte[] body, String deployment) {
        HttpFields headers = new HttpFields()
                .add(LoopHeaders.REQUEST_ID, requestId)
                .add(LoopHeaders.CONTENT_TYPE, LoopHeaders.JSON);
        LoopHeaders.deployment(headers, deployment);
        exchange.respond(200, headers, body, 0, body.length);
    }

    static void sendError(HttpExchange exchange, ApiError error, String requestId) {
        if (!exchange.open()) {
            return;
        }
        HttpFields headers = new HttpFields()
                .add(LoopHeaders.REQUEST_ID, requestId)
                .add(LoopHeaders.CONTENT_TYPE, LoopHeaders.JSON);
        if (error.retryAfter() != null) {
            headers.add("retry-after", error.retryAfter());
        }
        if (error.allow() != null) {
            headers.add("allow", error.allow());
        }
        byte[] body = OpenAiWire.error(error.message(), error.type(), error.param(), error.code());
        exchange.respond(error.status(), headers, body, 0, body.length);
    }

    private static InternalGatewayException unexpected(Reply reply) {
        return new InternalGatewayException(new IllegalStateException("unexpected reply " + reply.getClass()));
    }
}
