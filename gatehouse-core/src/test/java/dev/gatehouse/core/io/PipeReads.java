package dev.gatehouse.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;

/** Test helper: a pipe's source registered with a loop, read once when it becomes ready. */
final class PipeReads {
    private PipeReads() {
    }

    /**
     * Registers the pipe's source with the loop (as a task on it); the future completes with what the first read
     * got and whether the handler ran on the loop, as {@code "text@true"}.
     */
    static CompletableFuture<String> readOnce(EventLoop loop, Pipe pipe) {
        CompletableFuture<String> read = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                loop.register(pipe.source(), SelectionKey.OP_READ, key -> {
                    ByteBuffer buffer = ByteBuffer.allocate(16);
                    try {
                        int n = pipe.source().read(buffer);
                        read.complete(new String(buffer.array(), 0, n) + "@" + loop.inLoop());
                    } catch (IOException e) {
                        read.completeExceptionally(e);
                    }
                });
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        });
        return read;
    }
}
