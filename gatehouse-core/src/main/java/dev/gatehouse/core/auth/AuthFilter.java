package dev.gatehouse.core.auth;

import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Filter;
import dev.gatehouse.core.chain.Reply;

/**
 * Proves who the caller is from the bearer credential. A context that already carries a principal was authenticated by
 * {@link dev.gatehouse.core.Gateway#authenticate} (the server does that before reading a body) and passes as is;
 * a principal never comes from the client's request itself.
 */
public final class AuthFilter implements Filter {
    private final Authentication authentication;

    public AuthFilter(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public Reply apply(Exchange exchange, Chain chain) {
        RequestContext context = exchange.context();
        if (context.principal() != null) {
            return chain.proceed(exchange);
        }
        return chain.proceed(exchange.with(context.withPrincipal(authentication.authenticate(context.credential()))));
    }
}
