package dev.gatehouse.core;

import dev.gatehouse.core.auth.Authentication;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.FilterChain;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.spi.AuthenticationException;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.InternalGatewayException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway without its HTTP listener: a request goes down the filter chain to a deployment and back. Servers call
 * {@link #handle}; in-process users call {@link #chat}, {@link #stream}, {@link #embed} and {@link #models}, which are
 * trusted (no credential) but pass every other filter. Built by {@link GatewayBuilder}.
 */
public final class Gateway implements AutoCloseable {
    /** Refused credentials go to the access log too: they never reach the chain's access-log filter. */
    private static final Logger ACCESS = LoggerFactory.getLogger("gatehouse.access");
    private final FilterChain clientChain;
    private final FilterChain inProcessChain;
    private final Authentication authentication;
    private final Clock clock;
    private final AtomicLong localIds = new AtomicLong();
    private final Runnable release;

    Gateway(FilterChain clientChain, FilterChain inProcessChain, Authentication authentication, Clock clock,
            Runnable release) {
        this.clientChain = clientChain;
        this.inProcessChain = inProcessChain;
        this.authentication = authentication;
        this.clock = clock;
        this.release = release;
    }

    /**
     * Releases what the gateway holds: idle upstream connections and the transport's timeout watchdog. Streams still
     * open close their own connections when they end. Never throws.
     */
    @Override
    public void close() {
        release.run();
    }

    public static GatewayBuilder builder() {
        return new GatewayBuilder();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Authenticates a network caller before the server reads the request body, so unauthenticated callers cost no
     * parsing and get a 401 whatever they sent. {@link #handle} authenticates contexts that skipped this.
     */
    public RequestContext authenticate(RequestContext context) {
        if (context.principal() != null) {
            return context;
        }
        try {
            return context.withPrincipal(authentication.authenticate(context.credential()));
        } catch (AuthenticationException e) {
            ACCESS.info("request_id={} principal=- client={} outcome=error:{}", context.requestId(),
                    context.clientAddress(), e.code());
            throw e;
        }
    }

    /**
     * Handles a client request that arrived over the network. Every failure comes out as a {@link GatewayException};
     * anything else escaping a filter is a bug and is wrapped as {@link InternalGatewayException}. Called on an event
     * loop, the reply may be {@link Reply.Pending}, which fails the same way.
     */
    public Reply handle(Exchange exchange) {
        return run(clientChain, exchange);
    }

    public ChatResponse chat(ChatRequest request) {
        if (request.stream()) {
            throw new IllegalArgumentException("use stream() for a streamed request");
        }
        return ((Reply.Chat) local(new Operation.Chat(request))).response();
    }

    /** Streams a completion; the request is sent as streamed whatever its {@code stream} flag says. */
    public EventStream stream(ChatRequest request) {
        ChatRequest streamed = request.stream() ? request : new ChatRequest(request.model(), request.messages(),
                request.params(), request.tools(), request.toolChoice(), request.responseFormat(), true,
                request.includeUsage(), request.extra());
        return ((Reply.Stream) local(new Operation.Chat(streamed))).events();
    }

    public EmbeddingResponse embed(EmbeddingRequest request) {
        return ((Reply.Embeddings) local(new Operation.Embeddings(request))).response();
    }

    public List<ModelInfo> models() {
        return ((Reply.Models) local(new Operation.ListModels())).models();
    }

    private Reply local(Operation operation) {
        RequestContext context = new RequestContext("local-" + localIds.incrementAndGet(), clock.instant(), null,
                null, Principal.IN_PROCESS);
        return Replies.await(run(inProcessChain, new Exchange(context, operation)));
    }

    private static Reply run(FilterChain chain, Exchange exchange) {
        try {
            return chain.handle(exchange);
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InternalGatewayException(e);
        }
    }
}
