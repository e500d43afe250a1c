package dev.gatehouse.core.route;

import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.core.upstream.Upstream;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The end of the filter chain: picks a deployment for the requested model (round robin within its group) and calls it
 * with the deployment's upstream model name. On an event loop it calls the upstream's async methods, so the loop never
 * waits: the reply is then {@link Reply.Pending} unless the upstream answered at once (the in-process mock does).
 */
public final class Router implements Function<Exchange, Reply> {
    private final ModelRegistry registry;
    private final AtomicInteger turn = new AtomicInteger();

    public Router(List<DeploymentSpec> specs, Function<DeploymentSpec, Upstream> upstreams, Instant created) {
        this.registry = new ModelRegistry(specs.stream()
                .map(spec -> new Deployment(spec, upstreams.apply(spec)))
                .toList(), created);
    }

    @Override
    public Reply apply(Exchange exchange) {
        return switch (exchange.operation()) {
            case Operation.Chat chat -> {
                Deployment d = pick(chat.model());
                var request = chat.request().withModel(d.spec().upstreamModel());
                String name = d.spec().displayName();
                Upstream upstream = d.upstream();
                if (EventLoop.current() != null) {
                    yield request.stream()
                            ? Replies.settle(upstream.streamAsync(request), events -> new Reply.Stream(events, name))
                            : Replies.settle(upstream.chatAsync(request), response -> new Reply.Chat(response, name));
                }
                yield request.stream()
                        ? new Reply.Stream(upstream.stream(request), name)
                        : new Reply.Chat(upstream.chat(request), name);
            }
            case Operation.Embeddings embeddings -> {
                Deployment d = pick(embeddings.model());
                var request = embeddings.request().withModel(d.spec().upstreamModel());
                String name = d.spec().displayName();
                if (EventLoop.current() != null) {
                    yield Replies.settle(d.upstream().embedAsync(request), r -> new Reply.Embeddings(r, name));
                }
                yield new Reply.Embeddings(d.upstream().embed(request), name);
            }
            case Operation.ListModels ignored -> new Reply.Models(registry.models());
        };
    }

    /** Throws {@code model_not_found} for unknown names, so callers can validate before doing other work. */
    public void requireKnown(String model) {
        registry.deployments(model);
    }

    private Deployment pick(String model) {
        List<Deployment> group = registry.deployments(model);
        if (group.size() == 1) {
            return group.getFirst();
        }
        return group.get(Math.floorMod(turn.getAndIncrement(), group.size()));
    }
}
