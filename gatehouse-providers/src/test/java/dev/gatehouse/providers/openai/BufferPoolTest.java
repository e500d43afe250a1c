package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.util.BufferRecycler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BufferPoolTest {
    private final BufferPool pool = new BufferPool();

    @Test
    void anEventLoopReusesItsRecyclerAndVirtualThreadsDoNotTakeIt() throws Exception {
        BufferRecycler loop = pool.acquireAndLinkPooled();
        BufferRecycler nested = pool.acquireAndLinkPooled();
        var virtual = new AtomicReference<BufferRecycler>();
        Thread.ofVirtual().start(() -> {
            virtual.set(pool.acquireAndLinkPooled());
            virtual.get().releaseToPool();
        }).join();

        assertThat(nested).isSameAs(loop);
        assertThat(virtual.get()).isNotNull().isNotSameAs(loop);
    }
}
