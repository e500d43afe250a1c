package dev.gatehouse.core.chain;

import dev.gatehouse.core.RequestContext;

import java.util.Objects;

/** One request travelling down the filter chain: who asked, and what. */
public record Exchange(RequestContext context, Operation operation) {
    public Exchange {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(operation, "operation");
    }

    public Exchange with(RequestContext newContext) {
        return new Exchange(newContext, operation);
    }

    public Exchange with(Operation newOperation) {
        return new Exchange(context, newOperation);
    }
}
