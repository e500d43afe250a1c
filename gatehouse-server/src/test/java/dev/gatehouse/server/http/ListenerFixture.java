package dev.gatehouse.server.http;

import dev.gatehouse.core.io.EventLoopGroup;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener with a {@link TestHandler} on event loops of its own, for the listener's tests. Registered with
 * {@code @RegisterExtension} on a static field, one listener serves the whole class; on an instance field, each test
 * gets a new one. After each test the handler must have recorded no failure, and exchanges it held are forgotten.
 */
final class ListenerFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** Roomy limits and timeouts no test reaches unless it means to. */
    static final HttpLimits LIMITS = new HttpLimits(8 * 1024, 50, 1024 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(10));

    private final int loopCount;
    private final HttpLimits limits;
    private boolean perClass;
    private EventLoopGroup loops;
    private TestHandler handler;
    private HttpListener listener;

    ListenerFixture(int loopCount, HttpLimits limits) {
        this.loopCount = loopCount;
        this.limits = limits;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start(name(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start(name(context));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            checkHandler();
        } finally {
            if (!perClass) {
                stop();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the loops and a listener on any free port of 127.0.0.1. */
    void start(String name) {
        loops = new EventLoopGroup(loopCount, name);
        handler = new TestHandler();
        try {
            listener = HttpListener.start("127.0.0.1", 0, loops, handler, limits);
        } catch (IOException e) {
            loops.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the listener at once, then its loops. */
    void stop() {
        if (loops == null) {
            return;
        }
        try {
            listener.close(Duration.ZERO);
        } finally {
            loops.close();
            loops = null;
        }
    }

    /** Fails when the handler recorded a failure; forgets held exchanges either way. */
    void checkHandler() {
        List<Throwable> failures = new ArrayList<>(handler.failures);
        handler.failures.clear();
        handler.held.clear();
        assertThat(failures).isEmpty();
    }

    /**
     * Closes this listener (after {@code grace}) and starts another on the same port, loops and handler; the fixture
     * closes the new one in its turn.
     */
    void restart(Duration grace) throws IOException {
        int port = listener.port();
        listener.close(grace);
        listener = HttpListener.start("127.0.0.1", port, loops, handler, limits);
    }

    int port() {
        return listener.port();
    }

    HttpListener listener() {
        return listener;
    }

    TestHandler handler() {
        return handler;
    }

    EventLoopGroup loops() {
        return loops;
    }

    HttpLimits limits() {
        return limits;
    }

    RawClient client() throws IOException {
        return new RawClient(port());
    }

    /** A client whose socket receives into a buffer of about {@code receiveBuffer} bytes. */
    RawClient client(int receiveBuffer) throws IOException {
        return new RawClient(port(), receiveBuffer);
    }

    private static String name(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName();
    }
}
