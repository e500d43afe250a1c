package dev.gatehouse.core.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.Principal;
import dev.gatehouse.core.RequestContext;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.Secret;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessLogFilterTest {
    private static final String PROMPT = "the secret plan for q3";
    private static final String KEY = "sk-caller-key-0123456789abcdef";

    private final Logger logger = (Logger) LoggerFactory.getLogger("gatehouse.access");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AccessLogFilter filter = new AccessLogFilter();

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    private static Exchange exchange(boolean stream) {
        RequestContext context = RequestContext.of("req-7", Instant.EPOCH, "10.0.0.9", Secret.of(KEY))
                .withPrincipal(new Principal("team-a", Principal.Kind.MASTER_KEY));
        return new Exchange(context, new Operation.Chat(new ChatRequest("gpt-x",
                List.of(Message.text(Role.USER, PROMPT)), null, null, null, null, stream, stream, null)));
    }

    private String onlyLine() {
        assertThat(lines.list).hasSize(1);
        return lines.list.getFirst().getFormattedMessage();
    }

    @Test
    void aCompletedChatIsOneLineWithItsOutcomeAndTokens() {
        ChatResponse response = new ChatResponse("id", "gpt-x", 0, List.of(new Choice(0,
                Message.text(Role.ASSISTANT, "the answer"), null, null)), new Usage(12, 5, 17, 0, 0, 0), null);
        filter.apply(exchange(false), ex -> new Reply.Chat(response, "openai-east"));

        assertThat(onlyLine()).matches("request_id=req-7 principal=team-a op=chat model=gpt-x deployment=openai-east"
                + " outcome=ok duration_ms=\\d+ tokens=12/5");
    }

    @Test
    void aFailureIsLoggedWithItsCodeAndRethrown() {
        UpstreamException failed = new UpstreamException(503, "overloaded", "upstream_unavailable");
        assertThatThrownBy(() -> filter.apply(exchange(false), ex -> {
            throw failed;
        })).isSameAs(failed);

        assertThat(onlyLine()).matches("request_id=req-7 principal=team-a op=chat model=gpt-x deployment=null"
                + " outcome=error:upstream_unavailable duration_ms=\\d+ tokens=null");
    }

    @Test
    void aStreamIsLoggedOnceWhenItEnds() {
        var events = new ArrayDeque<StreamEvent>(List.of(new StreamEvent.TextDelta(0, "the answer", null),
                new StreamEvent.UsageReported(new Usage(3, 4, 7, 0, 0, 0))));
        Reply reply = filter.apply(exchange(true), ex -> new Reply.Stream(new EventStream() {
            @Override
            public StreamEvent next() {
                return events.poll();
            }

            @Override
            public void close() {
            }
        }, "openai-east"));

        EventStream stream = ((Reply.Stream) reply).events();
        assertThat(lines.list).as("nothing is logged before the stream ends").isEmpty();
        while (stream.next() != null) {
            assertThat(lines.list).isEmpty();
        }
        stream.close();
        assertThat(onlyLine()).matches("request_id=req-7 principal=team-a op=chat.stream model=gpt-x"
                + " deployment=openai-east outcome=ok duration_ms=\\d+ tokens=3/4");
    }

    @Test
    void aStreamClosedEarlyIsLoggedAsCancelled() {
        Reply reply = filter.apply(exchange(true), ex -> new Reply.Stream(new EventStream() {
            @Override
            public StreamEvent next() {
                return new StreamEvent.TextDelta(0, "more", null);
            }

            @Override
            public void close() {
            }
        }, "openai-east"));
        EventStream stream = ((Reply.Stream) reply).events();
        stream.next();
        stream.close();

        assertThat(onlyLine()).contains(" outcome=cancelled ").endsWith(" tokens=null");
    }

    @Test
    void neitherTheCredentialNorTheConversationIsLogged() {
        ChatResponse response = new ChatResponse("id", "gpt-x", 0, List.of(new Choice(0,
                Message.text(Role.ASSISTANT, "the answer"), null, null)), null, null);
        filter.apply(exchange(false), ex -> new Reply.Chat(response, "d"));

        assertThat(onlyLine()).doesNotContain(KEY).doesNotContain(PROMPT).doesNotContain("the answer")
                .doesNotContain("10.0.0.9");
    }

    @Test
    void aPendingReplyIsLoggedWhenItCompletes() {
        CompletableFuture<Reply> later = new CompletableFuture<>();
        Reply reply = filter.apply(exchange(false), ex -> new Reply.Pending(later));

        assertThat(reply).isInstanceOf(Reply.Pending.class);
        assertThat(lines.list).as("nothing is logged before the reply arrives").isEmpty();
        ChatResponse response = new ChatResponse("id", "gpt-x", 0, List.of(new Choice(0,
                Message.text(Role.ASSISTANT, "the answer"), null, null)), new Usage(2, 3, 5, 0, 0, 0), null);
        later.complete(new Reply.Chat(response, "openai-east"));

        assertThat(((Reply.Pending) reply).reply().join()).isInstanceOf(Reply.Chat.class);
        assertThat(onlyLine()).contains(" deployment=openai-east outcome=ok ").endsWith(" tokens=2/3");
    }

    @Test
    void aPendingReplyThatFailsIsLoggedWithItsCodeAndStillFails() {
        CompletableFuture<Reply> later = new CompletableFuture<>();
        Reply reply = filter.apply(exchange(false), ex -> new Reply.Pending(later));
        UpstreamException failed = new UpstreamException(503, "overloaded", "upstream_unavailable");
        later.completeExceptionally(failed);

        assertThat(((Reply.Pending) reply).reply()).isCompletedExceptionally();
        assertThatThrownBy(() -> Replies.await(reply)).isSameAs(failed);
        assertThat(onlyLine()).contains(" outcome=error:upstream_unavailable ");
    }

    @Test
    void entriesGoToTheSinkGivenWithTheirParts() {
        List<AccessEntry> entries = new java.util.ArrayList<>();
        AccessLogFilter toSink = new AccessLogFilter(new AccessLog() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void write(AccessEntry entry) {
                entries.add(entry);
            }
        });
        ChatResponse response = new ChatResponse("id", "gpt-x", 0, List.of(new Choice(0,
                Message.text(Role.ASSISTANT, "the answer"), null, null)), new Usage(12, 5, 17, 0, 0, 0), null);
        toSink.apply(exchange(false), ex -> new Reply.Chat(response, "openai-east"));

        assertThat(lines.list).as("nothing through the logger").isEmpty();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.requestId()).isEqualTo("req-7");
            assertThat(e.principal()).isEqualTo("team-a");
            assertThat(e.operation()).isEqualTo("chat");
            assertThat(e.model()).isEqualTo("gpt-x");
            assertThat(e.deployment()).isEqualTo("openai-east");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.promptTokens()).isEqualTo(12);
            assertThat(e.completionTokens()).isEqualTo(5);
        });
    }

    @Test
    void aSinkThatIsOffGetsNothing() {
        AccessLogFilter off = new AccessLogFilter(new AccessLog() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public void write(AccessEntry entry) {
                throw new AssertionError("written while off");
            }
        });
        Reply reply = off.apply(exchange(false), ex -> new Reply.Models(List.of()));
        assertThat(reply).isInstanceOf(Reply.Models.class);
    }

    @Test
    void theTextNamesWhatIsMissingAndCountsOnlyTheTokensReported() {
        assertThat(new AccessEntry("r", null, "embeddings", null, null, "ok", 3, 42, AccessEntry.NONE).message())
                .isEqualTo("request_id=r principal=- op=embeddings model=null deployment=null outcome=ok duration_ms=3"
                        + " tokens=42");
        assertThat(new AccessEntry("r", "p", "chat", "m", "d", "ok", 0, 0, 0).message()).endsWith(" tokens=0/0");
        assertThat(new AccessEntry("r", "p", "models", null, null, "ok", 0, AccessEntry.NONE, AccessEntry.NONE)
                .message()).endsWith(" tokens=null");
    }
}
