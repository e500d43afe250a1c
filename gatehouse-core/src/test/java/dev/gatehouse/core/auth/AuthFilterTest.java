package dev.gatehouse.core.auth;

import dev.gatehouse.core.Principal;
import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.spi.AuthenticationException;
import dev.gatehouse.spi.Secret;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthFilterTest {
    private static final String KEY = "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz";
    private final AuthFilter filter = new AuthFilter(Authentication.required(List.of(
            new MasterKeyAuthenticator(Secret.of(KEY)))));

    private static Exchange exchange(String credential) {
        return new Exchange(RequestContext.of("r1", Instant.EPOCH, "127.0.0.1",
                credential == null ? null : Secret.of(credential)), new Operation.ListModels());
    }

    @Test
    void theMasterKeyPassesAndSetsThePrincipal() {
        AtomicReference<Principal> seen = new AtomicReference<>();
        filter.apply(exchange(KEY), ex -> {
            seen.set(ex.context().principal());
            return new Reply.Models(List.of());
        });
        assertThat(seen.get().kind()).isEqualTo(Principal.Kind.MASTER_KEY);
        assertThat(seen.get().id()).doesNotContain(KEY);
    }

    @Test
    void aMissingKeyIsRefused() {
        assertThatThrownBy(() -> filter.apply(exchange(null), ex -> null))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.code()).isEqualTo("missing_api_key"));
        assertThatThrownBy(() -> filter.apply(exchange(""), ex -> null))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void keysSharingALongPrefixDoNotAuthenticate() {
        String nearMiss = KEY.substring(0, KEY.length() - 1) + "Y";
        assertThatThrownBy(() -> filter.apply(exchange(nearMiss), ex -> null))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_api_key");
                    assertThat(e.getMessage()).doesNotContain(nearMiss);
                });
        assertThatThrownBy(() -> filter.apply(exchange(KEY + "x"), ex -> null))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void disabledAuthenticationAdmitsEveryoneAsAnonymous() {
        AtomicReference<Principal> seen = new AtomicReference<>();
        new AuthFilter(Authentication.disabled()).apply(exchange(null), ex -> {
            seen.set(ex.context().principal());
            return new Reply.Models(List.of());
        });
        assertThat(seen.get()).isEqualTo(Principal.ANONYMOUS);
    }

    @Test
    void requiredAuthenticationNeedsAnAuthenticator() {
        assertThatThrownBy(() -> Authentication.required(List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWeakMasterKeyCannotBeInstalled() {
        assertThatThrownBy(() -> new MasterKeyAuthenticator(Secret.of("sk-1234")))
                .isInstanceOf(WeakMasterKeyException.class);
    }
}
