package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BufferPoolTest {
    private final BufferPool pool = new BufferPool();

    @Test
    void aPlatformThreadKeepsOneRecyclerForNestedUse() {
        BufferRecycler outer = pool.acquireAndLinkPooled();
        BufferRecycler inner = pool.acquireAndLinkPooled(); // a second parser while the first is open
        inner.releaseToPool();
        outer.releaseToPool();

        assertThat(inner).isSameAs(outer);
        assertThat(pool.acquireAndLinkPooled()).isSameAs(outer);
    }

    @Test
    void virtualThreadsShareRecyclersThroughThePool() throws Exception {
        JsonRecyclerPools.sharedConcurrentDequePool().clear();
        BufferRecycler platform = pool.acquireAndLinkPooled();
        var first = new AtomicReference<BufferRecycler>();
        var second = new AtomicReference<BufferRecycler>();
        var firstTaken = new CountDownLatch(1);
        var secondTaken = new CountDownLatch(1);
        Thread a = Thread.ofVirtual().start(() -> {
            first.set(pool.acquireAndLinkPooled());
            firstTaken.countDown();
            await(secondTaken); // both held at once
            first.get().releaseToPool();
        });
        Thread b = Thread.ofVirtual().start(() -> {
            await(firstTaken);
            second.set(pool.acquireAndLinkPooled());
            secondTaken.countDown();
        });
        a.join();
        b.join();
        var reused = new AtomicReference<BufferRecycler>();
        Thread.ofVirtual().start(() -> reused.set(pool.acquireAndLinkPooled())).join();

        assertThat(first.get()).isNotSameAs(second.get()).isNotSameAs(platform);
        assertThat(second.get()).isNotSameAs(platform);
        assertThat(reused.get()).as("a released recycler is handed to the next virtual thread").isSameAs(first.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
