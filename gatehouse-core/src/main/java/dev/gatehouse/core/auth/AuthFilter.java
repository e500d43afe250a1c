package dev.gatehouse.core.auth;

import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Filter;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.spi.AuthenticationException;

import java.util.List;

/** Proves who the caller is from the bearer credential; the principal is set here and nowhere else. */
public final class AuthFilter implements Filter {
    private final List<Authenticator> authenticators;

    public AuthFilter(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    @Override
    public Reply apply(Exchange exchange, Chain chain) {
        RequestContext context = exchange.context();
        if (context.credential() == null || context.credential().length() == 0) {
            throw new AuthenticationException("Missing API key. Pass it in the Authorization header as "
                    + "'Bearer <key>'.", "missing_api_key");
        }
        for (Authenticator authenticator : authenticators) {
            var principal = authenticator.authenticate(context.credential());
            if (principal != null) {
                return chain.proceed(exchange.with(context.withPrincipal(principal)));
            }
        }
        throw new AuthenticationException("Invalid API key.", "invalid_api_key");
    }
}
