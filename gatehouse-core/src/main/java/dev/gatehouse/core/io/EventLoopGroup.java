package dev.gatehouse.core.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed set of event loops, one per CPU by default; connections are spread over them in turn. */
public final class EventLoopGroup implements AutoCloseable {
    private final List<EventLoop> loops;
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * Loops that sleep as soon as they have nothing to do.
     *
     * @param threads loops to start; zero or less means one per available processor
     */
    public EventLoopGroup(int threads, String namePrefix) {
        this(threads, namePrefix, 0);
    }

    /**
     * @param threads        loops to start; zero or less means one per available processor
     * @param pollLimitNanos how long a loop may poll before it sleeps ({@link EventLoop#start(String, long)})
     */
    public EventLoopGroup(int threads, String namePrefix, long pollLimitNanos) {
        int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        List<EventLoop> started = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            started.add(EventLoop.start(namePrefix + "-" + i, pollLimitNanos));
        }
        this.loops = List.copyOf(started);
    }

    /** The next loop in turn. */
    public EventLoop next() {
        return loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
    }

    public List<EventLoop> loops() {
        return loops;
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }
}
