package dev.gatehouse.core.chain;

/**
 * One step of request handling with one job (authenticate, limit, log, …). A filter either answers or throws by itself,
 * or passes the exchange — possibly changed — to {@code chain.proceed} and may act on the reply.
 */
@FunctionalInterface
public interface Filter {

    Reply apply(Exchange exchange, Chain chain);

    /** The rest of the chain after the current filter. */
    @FunctionalInterface
    interface Chain {
        Reply proceed(Exchange exchange);
    }
}
