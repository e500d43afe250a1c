package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.util.BufferRecycler;
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
    private static final ThreadLocal<BufferRecycler> OWN = ThreadLocal.withInitial(ThreadBuffers::new);

    @Override
    public BufferRecycler acquirePooled() {
        // A shared recycler is linked to its pool and goes back there on release; a thread's own is never released.
        return Thread.currentThread().isVirtual() ? SHARED.acquireAndLinkPooled() : OWN.get();
    }

    /**
     * One thread's buffers, kept in plain arrays: Jackson's own recycler keeps them in atomic arrays so that threads
     * may share it, and pays a locked instruction for every buffer taken and returned, at each parser and generator.
     */
    static final class ThreadBuffers extends BufferRecycler {
        private final byte[][] bytes = new byte[_byteBuffers.length()][];
        private final char[][] chars = new char[_charBuffers.length()][];

        @Override
        public byte[] allocByteBuffer(int ix, int minSize) {
            byte[] buffer = bytes[ix];
            bytes[ix] = null;
            int size = Math.max(minSize, byteBufferLength(ix));
            return buffer != null && buffer.length >= size ? buffer : balloc(size);
        }

        @Override
        public void releaseByteBuffer(int ix, byte[] buffer) {
            byte[] kept = bytes[ix];
            if (kept == null || buffer.length > kept.length) {
                bytes[ix] = buffer;
            }
        }

        @Override
        public char[] allocCharBuffer(int ix, int minSize) {
            char[] buffer = chars[ix];
            chars[ix] = null;
            int size = Math.max(minSize, charBufferLength(ix));
            return buffer != null && buffer.length >= size ? buffer : calloc(size);
        }

        @Override
        public void releaseCharBuffer(int ix, char[] buffer) {
            char[] kept = chars[ix];
            if (kept == null || buffer.length > kept.length) {
                chars[ix] = buffer;
            }
        }
    }
}
