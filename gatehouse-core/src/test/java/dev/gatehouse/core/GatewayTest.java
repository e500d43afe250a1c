package dev.gatehouse.core;

import dev.gatehouse.core.auth.MasterKeyAuthenticator;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.core.route.DeploymentSpec;
import dev.gatehouse.spi.AuthenticationException;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.NotFoundException;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.Secret;
import dev.gatehouse.spi.StreamEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayTest {
    private static final String KEY = "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static Gateway gateway() {
        return Gateway.builder().clock(CLOCK)
                .deployments(List.of(
                        new DeploymentSpec("mock-gpt", "mock", "mock-gpt-upstream", null, null, null, null, null, null),
                        new DeploymentSpec("mock-embedding", "mock", "mock-embedding", null, null, null, null, null,
                                null)))
                .authenticator(new MasterKeyAuthenticator(Secret.of(KEY)))
                .build();
    }

    private static ChatRequest chat(String model) {
        return new ChatRequest(model, List.of(Message.text(Role.USER, "hi")), null, null, null, null, false, false,
                null);
    }

    @Test
    void networkCallersNeedTheKey() {
        Gateway gateway = gateway();
        var anonymous = new Exchange(RequestContext.of("r1", CLOCK.instant(), "127.0.0.1", null),
                new Operation.Chat(chat("mock-gpt")));
        assertThatThrownBy(() -> gateway.handle(anonymous)).isInstanceOf(AuthenticationException.class);
        var keyed = new Exchange(RequestContext.of("r2", CLOCK.instant(), "127.0.0.1", Secret.of(KEY)),
                new Operation.Chat(chat("mock-gpt")));
        assertThat(gateway.handle(keyed)).isInstanceOfSatisfying(Reply.Chat.class,
                c -> assertThat(c.deployment()).isEqualTo("mock/mock-gpt-upstream"));
    }

    @Test
    void authenticateRunsBeforeAnyParsingAndHandleTrustsItsResult() {
        Gateway gateway = gateway();
        assertThatThrownBy(() -> gateway.authenticate(RequestContext.of("r", CLOCK.instant(), null,
                Secret.of("gh-not-the-key-000000000000000000000000"))))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_api_key"));
        RequestContext authenticated = gateway.authenticate(RequestContext.of("r", CLOCK.instant(), null,
                Secret.of(KEY)));
        assertThat(authenticated.principal().kind()).isEqualTo(Principal.Kind.MASTER_KEY);
        assertThat(gateway.handle(new Exchange(authenticated, new Operation.ListModels())))
                .isInstanceOf(Reply.Models.class);
    }

    @Test
    void inProcessCallsAreTrustedAndUseTheUpstreamModelName() {
        Gateway gateway = gateway();
        assertThat(gateway.chat(chat("mock-gpt")).model()).isEqualTo("mock-gpt-upstream");
        assertThat(gateway.models()).extracting(ModelInfo::id).containsExactly("mock-gpt", "mock-embedding");
        assertThat(gateway.embed(new EmbeddingRequest("mock-embedding", List.of("a"), null, null, null, null, null))
                .data()).hasSize(1);
        try (EventStream events = gateway.stream(chat("mock-gpt"))) {
            assertThat(events.next()).isInstanceOf(StreamEvent.Started.class);
        }
    }

    @Test
    void unknownModelsAreNotFound() {
        assertThatThrownBy(() -> gateway().chat(chat("gpt-9")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).isEqualTo("model_not_found");
                    assertThat(e.param()).isEqualTo("model");
                });
    }

    @Test
    void unknownProvidersAreRefusedAtBuild() {
        assertThatThrownBy(() -> Gateway.builder().authRequired(false)
                .deployments(List.of(new DeploymentSpec("x", "nosuch", "x", null, null, null, null, null, null)))
                .build())
                .hasMessageContaining("Unknown provider 'nosuch'");
    }

    @Test
    void authCannotBeForgottenSilently() {
        assertThatThrownBy(() -> Gateway.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
