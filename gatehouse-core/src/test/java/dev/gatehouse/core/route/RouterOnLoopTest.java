package dev.gatehouse.core.route;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.core.io.EventLoop;
import dev.gatehouse.core.upstream.MockUpstream;
import dev.gatehouse.core.upstream.Upstream;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** On an event loop the router never waits: a waiting upstream is served as a pending reply, the mock at once. */
class RouterOnLoopTest {
    private final EventLoop loop = EventLoop.start("test-loop");
    private final MockUpstream mock = new MockUpstream(Clock.systemUTC());

    @AfterEach
    void stop() {
        loop.close();
    }

    private Router router(Upstream upstream) {
        return new Router(List.of(new DeploymentSpec("m", "x", "m-up", null, null, null, null, null, null)),
                spec -> upstream, Instant.EPOCH);
    }

    private static Exchange chat(boolean stream) {
        return new Exchange(RequestContext.of("r", Instant.EPOCH, null, null), new Operation.Chat(
                new ChatRequest("m", List.of(Message.text(Role.USER, "hi")), null, null, null, null, stream, false,
                        null)));
    }

    private Reply onLoop(Router router, Exchange exchange) throws Exception {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        loop.execute(() -> reply.complete(router.apply(exchange)));
        return reply.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aWaitingUpstreamIsCalledOffTheLoopAndAnswersAsAPendingReply() throws Exception {
        CompletableFuture<Thread> calledOn = new CompletableFuture<>();
        Upstream waiting = new Upstream() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                calledOn.complete(Thread.currentThread());
                return mock.chat(request);
            }

            @Override
            public EventStream stream(ChatRequest request) {
                return mock.stream(request);
            }

            @Override
            public EmbeddingResponse embed(EmbeddingRequest request) {
                return mock.embed(request);
            }
        };
        Reply reply = onLoop(router(waiting), chat(false));

        assertThat(reply).isInstanceOf(Reply.Pending.class);
        Reply done = ((Reply.Pending) reply).reply().get(5, TimeUnit.SECONDS);
        assertThat(done).isInstanceOfSatisfying(Reply.Chat.class,
                c -> assertThat(c.response().model()).isEqualTo("m-up"));
        assertThat(calledOn.get().isVirtual()).as("the waiting call ran on a virtual thread").isTrue();
    }

    @Test
    void anUpstreamThatAnswersAtOnceNeedsNoPendingReply() throws Exception {
        assertThat(onLoop(router(mock), chat(false))).isInstanceOf(Reply.Chat.class);
        Reply stream = onLoop(router(mock), chat(true));
        assertThat(stream).isInstanceOf(Reply.Stream.class);
        EventStream events = ((Reply.Stream) stream).events();
        assertThat(events.whenReady(() -> { })).as("the mock's events are all at hand").isTrue();
    }

    @Test
    void offTheLoopTheRouterWaitsAsBefore() {
        assertThat(router(mock).apply(chat(false))).isInstanceOf(Reply.Chat.class);
    }
}
