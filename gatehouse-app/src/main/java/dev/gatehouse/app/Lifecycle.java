package dev.gatehouse.app;

import java.util.concurrent.CountDownLatch;

/**
 * How a running server learns it should stop. The process implementation stops on a JVM shutdown (SIGTERM, Ctrl-C);
 * tests supply their own, so a server started in-process can be stopped without ending the JVM.
 */
interface Lifecycle {

    /**
     * Called once the server listens on {@code port}; blocks until the server should stop, having run {@code stop}
     * (a graceful close) by then.
     */
    void runUntilStopped(int port, Runnable stop) throws InterruptedException;

    /** Stops on JVM shutdown: the shutdown hook closes the server gracefully before the JVM exits. */
    static Lifecycle jvm() {
        return (port, stop) -> {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gatehouse-shutdown").unstarted(() -> {
                try {
                    stop.run();
                } finally {
                    stopped.countDown();
                }
            }));
            stopped.await();
        };
    }
}
