package dev.gatehouse.core.chain;

import dev.gatehouse.core.RequestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FilterChainTest {
    private static final Exchange EXCHANGE = new Exchange(RequestContext.of("r", Instant.EPOCH, null, null),
            new Operation.ListModels());

    @Test
    void filtersRunInOrderAroundTheTerminal() {
        List<String> trace = new ArrayList<>();
        Filter a = (ex, chain) -> {
            trace.add("a>");
            Reply r = chain.proceed(ex);
            trace.add("<a");
            return r;
        };
        Filter b = (ex, chain) -> {
            trace.add("b>");
            Reply r = chain.proceed(ex);
            trace.add("<b");
            return r;
        };
        var chain = new FilterChain(List.of(a, b), ex -> {
            trace.add("terminal");
            return new Reply.Models(List.of());
        });
        chain.handle(EXCHANGE);
        assertThat(trace).containsExactly("a>", "b>", "terminal", "<b", "<a");
    }

    @Test
    void aFilterCanAnswerWithoutCallingTheRest() {
        Reply canned = new Reply.Models(List.of());
        var chain = new FilterChain(List.of((ex, c) -> canned), ex -> {
            throw new AssertionError("terminal must not run");
        });
        assertThat(chain.handle(EXCHANGE)).isSameAs(canned);
    }

    @Test
    void aFilterCanReplaceTheExchange() {
        var chain = new FilterChain(List.of((ex, c) -> c.proceed(ex.with(ex.context().withPrincipal(
                dev.gatehouse.core.Principal.ANONYMOUS)))), ex -> {
            assertThat(ex.context().principal()).isEqualTo(dev.gatehouse.core.Principal.ANONYMOUS);
            return new Reply.Models(List.of());
        });
        chain.handle(EXCHANGE);
    }

    @Test
    void theChainIsReusableAcrossRequests() {
        var chain = new FilterChain(List.of((ex, c) -> c.proceed(ex)), ex -> new Reply.Models(List.of()));
        for (int i = 0; i < 3; i++) {
            assertThat(chain.handle(EXCHANGE)).isInstanceOf(Reply.Models.class);
        }
    }
}
