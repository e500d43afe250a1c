package dev.gatehouse.core.chain;

import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.InternalGatewayException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Helpers for replies that may still be on their way ({@link Reply.Pending}). */
public final class Replies {
    private Replies() {
    }

    /**
     * The reply a future stands for: its value when it has already completed (an in-process upstream answers at once,
     * so no pending reply is made for it), its failure thrown when it has failed, otherwise a {@link Reply.Pending}.
     */
    public static <T> Reply settle(CompletableFuture<T> future, Function<T, Reply> reply) {
        if (future.isDone()) {
            if (future.isCompletedExceptionally()) {
                throw failure(future);
            }
            return reply.apply(future.getNow(null));
        }
        return new Reply.Pending(future.thenApply(reply));
    }

    /** The finished reply, waiting for a pending one (only off an event loop: in-process callers). */
    public static Reply await(Reply reply) {
        if (!(reply instanceof Reply.Pending pending)) {
            return reply;
        }
        try {
            return pending.reply().get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalGatewayException(e);
        }
    }

    /**
     * What a future failed with, as the gateway reports failures: a {@link GatewayException} as is, anything else (a
     * bug) as an {@link InternalGatewayException}.
     */
    public static GatewayException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GatewayException g ? g : new InternalGatewayException(cause);
    }

    private static GatewayException failure(CompletableFuture<?> future) {
        try {
            future.join();
            throw new IllegalStateException("not failed");
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return unwrap(e);
        }
    }
}
