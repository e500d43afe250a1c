package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.BufferRecyclers;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Where parsers and generators take their buffers: per thread on platform threads (the event loops, a few long-lived
 * threads that run every request: no locking, no hand-over), from one shared pool on virtual threads (one per request
 * or stream: per-thread buffers would be allocated for each and, for a stream, held as long as it lasts).
 */
final class BufferPool extends RecyclerPool.ThreadLocalPoolBase<BufferRecycler> {
    private static final long serialVersionUID = 1L;
    private static final RecyclerPool<BufferRecycler> SHARED = JsonRecyclerPools.sharedConcurrentDequePool();

    @Override
    public BufferRecycler acquirePooled() {
        // A shared recycler is linked to its pool and goes back there on release; a thread's own is never released.
        return Thread.currentThread().isVirtual() ? SHARED.acquireAndLinkPooled() : BufferRecyclers.getBufferRecycler();
    }
}
