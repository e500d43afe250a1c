package dev.gatehouse.core.chain;

import java.util.List;
import java.util.function.Function;

/** An ordered list of filters ending in a terminal step. Immutable; safe to share between threads. */
public final class FilterChain {
    private final Filter[] filters;
    private final Function<Exchange, Reply> terminal;

    public FilterChain(List<Filter> filters, Function<Exchange, Reply> terminal) {
        this.filters = filters.toArray(Filter[]::new);
        this.terminal = terminal;
    }

    public Reply handle(Exchange exchange) {
        return new Position(0).proceed(exchange);
    }

    private final class Position implements Filter.Chain {
        private final int index;

        Position(int index) {
            this.index = index;
        }

        @Override
        public Reply proceed(Exchange exchange) {
            if (index == filters.length) {
                return terminal.apply(exchange);
            }
            return filters[index].apply(exchange, new Position(index + 1));
        }
    }
}
