package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read-timeout watchdog, swept by hand at chosen instants (its own thread is never started here). */
class IoTimeoutsTest {
    private static final Origin ORIGIN = new Origin(false, "127.0.0.1", 8080);
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private LoopbackConnections sockets;

    @BeforeEach
    void listen() throws IOException {
        sockets = new LoopbackConnections();
    }

    @AfterEach
    void closeAll() throws IOException {
        sockets.close();
    }

    private Connection connection() throws IOException {
        return sockets.open(ORIGIN);
    }

    /** Starts a blocking read on another thread and returns once it is under way. */
    private static CompletableFuture<Integer> readInBackground(Connection connection) throws InterruptedException {
        CompletableFuture<Integer> read = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                read.complete(connection.in().read());
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!connection.watch().overdue(Long.MAX_VALUE / 2, 0) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return read;
    }

    @Test
    void aReadWaitingLongerThanTheTimeoutFailsAsATimeout() throws Exception {
        IoTimeouts timeouts = new IoTimeouts(TIMEOUT);
        Connection connection = connection();
        timeouts.watch(connection);
        CompletableFuture<Integer> read = readInBackground(connection);

        timeouts.sweep(System.nanoTime()); // not overdue yet
        assertThat(read).isNotDone();
        assertThat(connection.isClosed()).isFalse();

        timeouts.sweep(System.nanoTime() + TIMEOUT + 1);
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);
        assertThat(timeouts.watched()).isZero();
    }

    @Test
    void aConnectionNotReadingIsNeverTimedOut() throws Exception {
        IoTimeouts timeouts = new IoTimeouts(TIMEOUT);
        Connection connection = connection();
        timeouts.watch(connection);
        timeouts.sweep(System.nanoTime() + 100 * TIMEOUT);
        assertThat(connection.isClosed()).isFalse();
        assertThat(connection.watch().expired()).isFalse();
        assertThat(timeouts.watched()).isEqualTo(1);
    }

    @Test
    void closedConnectionsAreForgotten() throws Exception {
        IoTimeouts timeouts = new IoTimeouts(TIMEOUT);
        Connection connection = connection();
        timeouts.watch(connection);
        connection.close();
        timeouts.sweep(System.nanoTime());
        assertThat(timeouts.watched()).isZero();
    }

    @Test
    void zeroTimeoutWatchesNothing() throws Exception {
        IoTimeouts timeouts = new IoTimeouts(0);
        timeouts.watch(connection());
        assertThat(timeouts.watched()).isZero();
    }
}
