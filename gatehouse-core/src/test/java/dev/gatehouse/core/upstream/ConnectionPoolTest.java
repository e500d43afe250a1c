package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The idle-connection pool on its own: LIFO, bounds, idle expiry on a fake clock, dirty connections, concurrency. */
class ConnectionPoolTest {
    private static final Origin ORIGIN = new Origin(false, "127.0.0.1", 8080);
    private static final Origin OTHER = new Origin(true, "127.0.0.1", 8080);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private LoopbackConnections sockets;

    @BeforeEach
    void listen() throws IOException {
        sockets = new LoopbackConnections();
    }

    @AfterEach
    void closeAll() throws IOException {
        sockets.close();
    }

    private Connection connection(Origin origin) throws IOException {
        return sockets.open(origin);
    }

    private ConnectionPool pool(int maxIdle) {
        return new ConnectionPool(maxIdle, 10 * SECOND, now::get);
    }

    @Test
    void handsOutTheMostRecentlyIdledConnectionFirst() throws IOException {
        ConnectionPool pool = pool(4);
        Connection a = connection(ORIGIN);
        Connection b = connection(ORIGIN);
        pool.release(a);
        pool.release(b);
        assertThat(pool.acquire(ORIGIN)).isSameAs(b);
        assertThat(pool.acquire(ORIGIN)).isSameAs(a);
        assertThat(pool.acquire(ORIGIN)).isNull();
    }

    @Test
    void keepsOriginsApart() throws IOException {
        ConnectionPool pool = pool(4);
        Connection plain = connection(ORIGIN);
        pool.release(plain);
        assertThat(pool.acquire(OTHER)).isNull();
        assertThat(pool.acquire(new Origin(false, "127.0.0.1", 8081))).isNull();
        assertThat(pool.acquire(new Origin(false, "127.0.0.1", 8080))).isSameAs(plain);
    }

    @Test
    void closesTheOldestWhenFull() throws IOException {
        ConnectionPool pool = pool(2);
        Connection a = connection(ORIGIN);
        Connection b = connection(ORIGIN);
        Connection c = connection(ORIGIN);
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertThat(pool.idleCount(ORIGIN)).isEqualTo(2);
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isFalse();
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void zeroMaxIdleMeansNoReuse() throws IOException {
        ConnectionPool pool = pool(0);
        Connection a = connection(ORIGIN);
        pool.release(a);
        assertThat(a.isClosed()).isTrue();
        assertThat(pool.acquire(ORIGIN)).isNull();
    }

    @Test
    void dropsConnectionsIdleLongerThanTheTimeout() throws IOException {
        ConnectionPool pool = pool(4);
        Connection old = connection(ORIGIN);
        Connection older = connection(ORIGIN);
        Connection recent = connection(ORIGIN);
        pool.release(older);
        now.addAndGet(2 * SECOND);
        pool.release(old);
        now.addAndGet(5 * SECOND);
        pool.release(recent);
        now.addAndGet(4 * SECOND); // older idled 11 s, old 9 s, recent 4 s

        assertThat(pool.acquire(ORIGIN)).isSameAs(recent);
        now.addAndGet(2 * SECOND); // old: 11 s
        assertThat(pool.acquire(ORIGIN)).isNull();
        assertThat(old.isClosed()).isTrue();
        assertThat(older.isClosed()).isTrue();
        assertThat(pool.idleCount(ORIGIN)).isZero();
    }

    @Test
    void releasingSweepsExpiredConnectionsFromTheBottom() throws IOException {
        ConnectionPool pool = pool(4);
        Connection stale = connection(ORIGIN);
        pool.release(stale);
        now.addAndGet(11 * SECOND);
        Connection fresh = connection(ORIGIN);
        pool.release(fresh);
        assertThat(stale.isClosed()).isTrue();
        assertThat(pool.idleCount(ORIGIN)).isEqualTo(1);
    }

    @Test
    void connectionWithUnreadBytesIsNotHandedOut() throws IOException {
        ConnectionPool pool = pool(4);
        Connection clean = connection(ORIGIN);
        Connection dirty = connection(ORIGIN);
        Socket dirtyServerSide = sockets.serverSide(1);
        pool.release(clean);
        pool.release(dirty);
        dirtyServerSide.getOutputStream().write("HTTP/1.1 408 Request Timeout\r\n\r\n".getBytes());
        while (!dirty.in().hasUnread()) {
            Thread.onSpinWait(); // loopback delivery; no timing assumption
        }
        assertThat(pool.acquire(ORIGIN)).isSameAs(clean);
        assertThat(dirty.isClosed()).isTrue();
    }

    @Test
    void closeClosesIdleConnectionsAndLaterReleases() throws IOException {
        ConnectionPool pool = pool(4);
        Connection idle = connection(ORIGIN);
        Connection busy = connection(ORIGIN);
        pool.release(idle);
        pool.close();
        assertThat(idle.isClosed()).isTrue();
        pool.release(busy);
        assertThat(busy.isClosed()).isTrue();
        assertThat(pool.acquire(ORIGIN)).isNull();
    }

    @Test
    void refusesNegativeSettings() {
        assertThatThrownBy(() -> new ConnectionPool(-1, SECOND, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverHandsOneConnectionToTwoOwners() throws Exception {
        ConnectionPool pool = new ConnectionPool(8, 60 * SECOND, System::nanoTime);
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            connections.add(connection(ORIGIN));
            pool.release(connections.get(i));
        }
        Set<Connection> owned = ConcurrentHashMap.newKeySet();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                results.add(threads.submit(() -> {
                    int got = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Connection c = pool.acquire(ORIGIN);
                        if (c != null) {
                            if (!owned.add(c)) {
                                throw new AssertionError("handed out twice");
                            }
                            got++;
                            owned.remove(c);
                            pool.release(c);
                        }
                    }
                    return got;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isPositive();
        }
        assertThat(pool.idleCount(ORIGIN)).isEqualTo(8);
        assertThat(connections).noneMatch(Connection::isClosed);
    }
}
