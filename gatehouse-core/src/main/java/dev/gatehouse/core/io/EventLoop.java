package dev.gatehouse.core.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One platform thread with a {@link Selector}: it runs the I/O callbacks of the channels registered with it, tasks
 * handed to it and its timers. The thread that sees a socket ready runs what follows, so a request costs no hand-off
 * between threads. Code on a loop never blocks: whatever must wait (a lock held elsewhere, a database, DNS) runs on
 * another thread and comes back with {@link #execute}.
 *
 * <p>{@link #register} and {@link #schedule} are called on the loop's own thread; {@link #execute} from any thread.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> local = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Set while the loop is (about to be) blocked in select: only then does a task from elsewhere need a wake-up. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private long timerSequence;
    private final PollWindow poll;
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    private final Consumer<SelectionKey> dispatchAfterSleep = this::dispatchAfterSleep;
    /** When the loop's last sleep ended (the first channel of its wake-up was dispatched); 0 while sleeping. */
    private long wokeAt;

    private EventLoop(String name, long pollLimitNanos) {
        this.poll = new PollWindow(pollLimitNanos);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /** Starts a loop on a new daemon thread of the given name; it sleeps as soon as it has nothing to do. */
    public static EventLoop start(String name) {
        return start(name, 0);
    }

    /**
     * Starts a loop on a new daemon thread of the given name that polls for up to {@code pollLimitNanos} before it
     * sleeps, as far as its recent idle spells say polling pays (see {@link PollWindow}); zero: never polls.
     */
    public static EventLoop start(String name, long pollLimitNanos) {
        EventLoop loop = new EventLoop(name, pollLimitNanos);
        loop.thread.start();
        return loop;
    }

    /** The loop whose thread is calling, or null on any other thread. */
    public static EventLoop current() {
        return CURRENT.get();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs the task on the loop, after the tasks already queued. Tasks given to a closed loop are dropped. */
    @Override
    public void execute(Runnable task) {
        if (inLoop()) {
            local.add(task);
            return;
        }
        inbox.add(task);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /** Registers a channel (made non-blocking here) for the given operations; the handler runs when it is ready. */
    public SelectionKey register(SelectableChannel channel, int ops, Ready handler) throws IOException {
        requireLoop();
        channel.configureBlocking(false);
        try {
            return channel.register(selector, ops, handler);
        } catch (ClosedChannelException e) {
            throw e;
        }
    }

    /** Runs the task on the loop once the delay has passed, unless cancelled first. */
    public Timer schedule(long delay, TimeUnit unit, Runnable task) {
        requireLoop();
        Timer timer = new Timer(System.nanoTime() + unit.toNanos(delay), timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /** Stops the loop and closes its selector and every channel still registered. Waits for the loop to end. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (!inLoop()) {
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long the loop now polls before it sleeps, in ns; call on the loop's thread. */
    long pollWindowNanos() {
        requireLoop();
        return poll.nanos();
    }

    @Override
    public String toString() {
        return thread.getName();
    }

    private void requireLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("not on the event loop's thread");
        }
    }

    private void run() {
        CURRENT.set(this);
        try {
            while (!closing) {
                long wait = runTimers();
                if (!local.isEmpty() || !inbox.isEmpty()) {
                    selector.selectNow(dispatch);
                } else {
                    idle(wait);
                }
                runTasks();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Event loop {} failed", thread.getName(), e);
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    /** Nothing to run: polls for the current window, then sleeps until a channel is ready, a task comes or wait ms. */
    private void idle(long wait) throws IOException {
        long window = poll.nanos();
        long start = System.nanoTime();
        if (window > 0) {
            long deadline = start + window;
            do {
                if (selector.selectNow(dispatch) > 0 || !inbox.isEmpty()) {
                    return; // ready while polling: no sleep, no wake-up
                }
                Thread.onSpinWait();
            } while (System.nanoTime() - deadline < 0 && !closing);
            if (closing) {
                return; // selectNow cleared close()'s wake-up: do not sleep
            }
        }
        sleeping.set(true);
        wokeAt = 0;
        if (inbox.isEmpty()) {
            selector.select(dispatchAfterSleep, wait);
        } else {
            selector.selectNow(dispatchAfterSleep);
        }
        sleeping.set(false);
        poll.idled((wokeAt != 0 ? wokeAt : System.nanoTime()) - start);
    }

    private void dispatchAfterSleep(SelectionKey key) {
        if (wokeAt == 0) {
            wokeAt = System.nanoTime();
        }
        dispatch(key);
    }

    private void dispatch(SelectionKey key) {
        try {
            ((Ready) key.attachment()).ready(key);
        } catch (RuntimeException e) {
            // A handler that throws is a bug; the loop serves every other channel on.
            LOG.error("Event loop handler failed", e);
            closeChannel(key);
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 1024; // so I/O is not starved by tasks that keep queuing tasks
        while (budget-- > 0 && ((task = local.poll()) != null || (task = inbox.poll()) != null)) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Event loop task failed", e);
            }
        }
    }

    /** Runs due timers; returns how long select may wait for the next one, in ms (0: no timer). */
    private long runTimers() {
        if (timers.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        Timer next;
        while ((next = timers.peek()) != null) {
            if (next.cancelled) {
                timers.poll();
                continue;
            }
            long remaining = next.deadline - now;
            if (remaining > 0) {
                return Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999));
            }
            timers.poll();
            try {
                next.task.run();
            } catch (RuntimeException e) {
                LOG.error("Event loop timer failed", e);
            }
        }
        return 0;
    }

    private void shutdown() {
        for (SelectionKey key : selector.keys()) {
            closeChannel(key);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        CURRENT.remove();
    }

    private static void closeChannel(SelectionKey key) {
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** What a registered channel runs when it is ready; {@link SelectionKey#readyOps()} says for what. */
    @FunctionalInterface
    public interface Ready {
        void ready(SelectionKey key);
    }

    /** A scheduled task; cancelling is cheap (it is dropped when it comes due). */
    public static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        /** Call on the loop's thread. */
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(deadline, other.deadline);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
