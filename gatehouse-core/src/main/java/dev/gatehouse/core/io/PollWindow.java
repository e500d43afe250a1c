package dev.gatehouse.core.io;

/**
 * How long an event loop with nothing to do polls its sockets without blocking before it sleeps in the kernel.
 *
 * <p>A sleeping loop costs a wake-up when its next socket becomes ready: on a virtual machine that is an idle vCPU
 * brought back by the hypervisor and caches gone cold, tens of microseconds that a request in a closed loop (a
 * provider answering at once, a client sending its next request) pays twice. Polling for a short while keeps the
 * thread running through such gaps. The window adapts the way Linux's guest halt-polling does
 * ({@code drivers/cpuidle/governors/haltpoll.c}): an idle spell that ended within the limit grows the window
 * (polling longer would have caught it), a longer one shrinks it, so a loop whose gaps are long (streams paced by a
 * provider, an idle server) soon stops polling and costs no CPU while it waits.
 *
 * <p>Used by one loop thread only.
 */
final class PollWindow {
    private final long limitNanos;
    private final long startNanos;
    private long nanos;

    /** @param limitNanos longest window; zero turns polling off */
    PollWindow(long limitNanos) {
        if (limitNanos < 0) {
            throw new IllegalArgumentException("poll limit must not be negative: " + limitNanos);
        }
        this.limitNanos = limitNanos;
        this.startNanos = limitNanos / 4;
    }

    /** How long to poll before sleeping now; zero means sleep at once. */
    long nanos() {
        return nanos;
    }

    /**
     * Records an idle spell that polling did not end: the loop polled for {@link #nanos()} in vain, then slept until
     * something was ready; {@code idleNanos} is the whole spell (polling and sleep).
     */
    void idled(long idleNanos) {
        if (limitNanos == 0) {
            return;
        }
        if (idleNanos <= limitNanos) {
            nanos = nanos == 0 ? startNanos : Math.min(limitNanos, nanos * 2);
        } else {
            nanos = nanos / 2;
            if (nanos < startNanos) {
                nanos = 0;
            }
        }
    }
}
