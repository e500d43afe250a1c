package dev.gatehouse.core.log;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Filter;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Replies;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.Usage;

import java.util.concurrent.CompletionException;

/**
 * One log line per request, written to an {@link AccessLog}: id, caller, operation, model, deployment, outcome,
 * duration and token counts. Never the credential, never prompt or completion text. Streams are logged when they end.
 */
public final class AccessLogFilter implements Filter {
    private final AccessLog log;

    /** Lines to the logger {@value AccessLog#LOGGER}. */
    public AccessLogFilter() {
        this(AccessLog.slf4j());
    }

    public AccessLogFilter(AccessLog log) {
        this.log = log;
    }

    @Override
    public Reply apply(Exchange exchange, Chain chain) {
        if (!log.enabled()) {
            return chain.proceed(exchange);
        }
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = chain.proceed(exchange);
        } catch (GatewayException e) {
            logError(exchange, e, start);
            throw e;
        }
        return observe(exchange, reply, start);
    }

    private Reply observe(Exchange exchange, Reply reply, long start) {
        return switch (reply) {
            case Reply.Pending p -> new Reply.Pending(p.reply().handle((done, failure) -> {
                if (failure != null) {
                    GatewayException e = Replies.unwrap(failure);
                    logError(exchange, e, start);
                    throw new CompletionException(e);
                }
                return observe(exchange, done, start);
            }));
            case Reply.Stream s -> new Reply.Stream(new LoggedStream(s.events(), exchange, s.deployment(), start),
                    s.deployment());
            case Reply.Chat c -> {
                log(exchange, c.deployment(), "ok", start, c.response().usage());
                yield c;
            }
            case Reply.Embeddings e -> {
                var u = e.response().usage();
                log(exchange, e.deployment(), "ok", start, u == null ? AccessEntry.NONE : u.promptTokens(),
                        AccessEntry.NONE);
                yield e;
            }
            case Reply.Models m -> {
                log(exchange, null, "ok", start, null);
                yield m;
            }
        };
    }

    private void logError(Exchange exchange, GatewayException e, long start) {
        log(exchange, null, "error:" + (e.code() == null ? e.getClass().getSimpleName() : e.code()), start, null);
    }

    private void log(Exchange exchange, String deployment, String outcome, long startNanos, Usage usage) {
        log(exchange, deployment, outcome, startNanos, usage == null ? AccessEntry.NONE : usage.promptTokens(),
                usage == null ? AccessEntry.NONE : usage.completionTokens());
    }

    private void log(Exchange exchange, String deployment, String outcome, long startNanos, long promptTokens,
                     long completionTokens) {
        var ctx = exchange.context();
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        log.write(new AccessEntry(ctx.requestId(), ctx.principal() == null ? null : ctx.principal().id(),
                opName(exchange.operation()), exchange.operation().model(), deployment, outcome, millis, promptTokens,
                completionTokens));
    }

    private static String opName(Operation op) {
        return switch (op) {
            case Operation.Chat c -> c.request().stream() ? "chat.stream" : "chat";
            case Operation.Embeddings e -> "embeddings";
            case Operation.ListModels m -> "models";
        };
    }

    /** Passes events through and logs once when the stream ends or is closed. */
    private final class LoggedStream implements EventStream {
        private final EventStream delegate;
        private final Exchange exchange;
        private final String deployment;
        private final long start;
        private String outcome = "cancelled";
        private Usage usage;
        private boolean logged;

        LoggedStream(EventStream delegate, Exchange exchange, String deployment, long start) {
            this.delegate = delegate;
            this.exchange = exchange;
            this.deployment = deployment;
            this.start = start;
        }

        @Override
        public StreamEvent next() {
            StreamEvent event = delegate.next();
            switch (event) {
                case null -> {
                    if (!outcome.startsWith("error")) {
                        outcome = "ok";
                    }
                    finish();
                }
                case StreamEvent.UsageReported u -> usage = u.usage();
                case StreamEvent.Failed f -> outcome = "error:" + f.error().code();
                default -> {
                }
            }
            return event;
        }

        @Override
        public boolean hasBuffered() {
            return delegate.hasBuffered();
        }

        @Override
        public boolean whenReady(Runnable ready) {
            return delegate.whenReady(ready);
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                finish();
            }
        }

        private void finish() {
            if (!logged) {
                logged = true;
                log(exchange, deployment, outcome, start, usage);
            }
        }
    }
}
