package dev.gatehouse.app.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import dev.gatehouse.core.log.AccessEntry;
import dev.gatehouse.core.log.AccessLog;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static dev.gatehouse.app.log.JsonText.ascii;

/**
 * The access log written as the built-in logging writes it, at a fraction of the cost: each entry is encoded on the
 * request's thread straight into a buffer of that thread's own, as the very line {@link JsonLineEncoder} would write
 * for the logger {@value AccessLog#LOGGER} at INFO, and {@link BatchingConsoleAppender}'s writer takes the buffers'
 * lines into its batches. Through logback, a line was an event object, an Instant, a message String, a queue node and
 * two atomic counters shared with the writer thread, then encoded on that thread from objects another core wrote; a
 * seventh of the gateway's CPU per request at load. Here it is one uncontended lock and the bytes.
 *
 * <p>Used only when the line would reach exactly that appender and nothing else could change it (see {@link
 * #forLogging()}); on virtual threads (one per request: a buffer each would never be reused) and on a thread whose MDC
 * holds values, entries go through logback as before. Lines of one thread stay in order; lines of different threads
 * and other log lines interleave by batch, each with its own timestamp. A thread holds at most {@value #MAX_HELD} bytes
 * the writer has not taken: more are dropped and counted in the writer's drop report, never waited for.
 */
public final class AccessLines implements AccessLog, BatchingConsoleAppender.LineSource {
    static final int MAX_HELD = 1 << 20;
    /**
     * A thread's buffer shrinks back to this when the writer empties it: room for what a busy event loop writes
     * between two drains (about 150 lines of 330 bytes in 10 ms at 15k requests a second), so that it is not grown
     * again, copy by copy, after every drain.
     */
    private static final int KEPT = 256 * 1024;

    private static final byte[] START = ascii("{\"timestamp\":");
    private static final byte[] THREAD = ascii(",\"level\":\"INFO\",\"threadName\":");
    private static final byte[] MESSAGE = ascii(",\"loggerName\":\"" + LOGGER + "\",\"mdc\": {},"
            + "\"formattedMessage\":\"request_id=");
    private static final byte[] PRINCIPAL = ascii(" principal=");
    private static final byte[] NO_PRINCIPAL = ascii(" principal=-");
    private static final byte[] OP = ascii(" op=");
    private static final byte[] MODEL = ascii(" model=");
    private static final byte[] DEPLOYMENT = ascii(" deployment=");
    private static final byte[] OUTCOME = ascii(" outcome=");
    private static final byte[] DURATION = ascii(" duration_ms=");
    private static final byte[] TOKENS = ascii(" tokens=");
    private static final byte[] NULL = ascii("null");
    /** Between prompt and completion tokens: logback's escaping writes the message's {@code /} as {@code \/}. */
    private static final byte[] SLASH = ascii("\\/");
    private static final byte[] END = ascii("\",\"throwable\":null}\n");

    private static AccessLines attached;

    private final BatchingConsoleAppender appender;
    private final LongSupplier millis;
    private final List<Held> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Held> own = ThreadLocal.withInitial(this::register);
    private final AtomicLong dropped = new AtomicLong();

    AccessLines(BatchingConsoleAppender appender, LongSupplier millis) {
        this.appender = appender;
        this.millis = millis;
    }

    /**
     * This sink when logging is set up as the gateway ships it (the logger {@value AccessLog#LOGGER} at INFO, its
     * lines reaching one started {@link BatchingConsoleAppender} with a {@link JsonLineEncoder}, no turbo filter, no
     * appender filter); otherwise {@link AccessLog#slf4j()}, which honours any other configuration.
     */
    public static synchronized AccessLog forLogging() {
        BatchingConsoleAppender appender = LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                ? soleAppender(context) : null;
        if (appender == null) {
            return AccessLog.slf4j();
        }
        if (attached == null || attached.appender != appender) {
            attached = new AccessLines(appender, System::currentTimeMillis);
            appender.addSource(attached);
        }
        return attached;
    }

    /** The one appender the access log's lines reach in {@code context}, if it is one this sink can write for. */
    static BatchingConsoleAppender soleAppender(LoggerContext context) {
        if (!context.getTurboFilterList().isEmpty() || !(MDC.getMDCAdapter() instanceof LogbackMDCAdapter)
                || !context.getLogger(LOGGER).isInfoEnabled()) {
            return null;
        }
        List<Appender<ILoggingEvent>> reached = new ArrayList<>();
        for (String name : ancestry(LOGGER)) {
            Logger logger = context.exists(name);
            if (logger != null) {
                logger.iteratorForAppenders().forEachRemaining(reached::add);
                if (!logger.isAdditive()) {
                    break;
                }
            }
        }
        return reached.size() == 1 && reached.getFirst() instanceof BatchingConsoleAppender batching
                && batching.isStarted() && batching.getCopyOfAttachedFiltersList().isEmpty()
                && batching.jsonEncoder() != null ? batching : null;
    }

    /** A logger's name, its ancestors' names, then the root's. */
    private static List<String> ancestry(String name) {
        List<String> names = new ArrayList<>();
        for (String n = name; ; n = n.substring(0, n.lastIndexOf('.'))) {
            names.add(n);
            if (n.indexOf('.') < 0) {
                break;
            }
        }
        names.add(Logger.ROOT_LOGGER_NAME);
        return names;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void write(AccessEntry entry) {
        Thread thread = Thread.currentThread();
        if (thread.isVirtual() || !mdcEmpty()) {
            AccessLog.slf4j().write(entry);
            return;
        }
        Held held = own.get();
        synchronized (held) {
            if (held.lines.size() >= MAX_HELD) {
                dropped.incrementAndGet();
                return;
            }
            encode(entry, thread.getName(), millis.getAsLong(), held.lines);
            held.count++;
        }
        appender.wake();
    }

    private static boolean mdcEmpty() {
        Map<String, String> values = ((LogbackMDCAdapter) MDC.getMDCAdapter()).getPropertyMap();
        return values == null || values.isEmpty();
    }

    /** The line {@link JsonLineEncoder} writes for the entry's text logged at INFO to {@value AccessLog#LOGGER}. */
    static void encode(AccessEntry entry, String threadName, long timestamp, LineBuffer out) {
        out.write(START);
        JsonText.number(out, timestamp);
        out.write(THREAD);
        JsonText.string(out, threadName);
        out.write(MESSAGE);
        JsonText.part(out, entry.requestId());
        if (entry.principal() == null) {
            out.write(NO_PRINCIPAL);
        } else {
            out.write(PRINCIPAL);
            JsonText.part(out, entry.principal());
        }
        out.write(OP);
        JsonText.part(out, entry.operation());
        out.write(MODEL);
        JsonText.part(out, entry.model());
        out.write(DEPLOYMENT);
        JsonText.part(out, entry.deployment());
        out.write(OUTCOME);
        JsonText.part(out, entry.outcome());
        out.write(DURATION);
        JsonText.number(out, entry.durationMillis());
        out.write(TOKENS);
        if (entry.promptTokens() == AccessEntry.NONE) {
            out.write(NULL);
        } else {
            JsonText.number(out, entry.promptTokens());
            if (entry.completionTokens() != AccessEntry.NONE) {
                out.write(SLASH);
                JsonText.number(out, entry.completionTokens());
            }
        }
        out.write(END);
    }

    @Override
    public int drainInto(LineBuffer batch) {
        int lines = 0;
        for (Held held : threads) {
            synchronized (held) {
                if (held.count > 0) {
                    batch.write(held.lines);
                    lines += held.count;
                    held.count = 0;
                    held.lines.reset(KEPT);
                }
            }
            if (!held.thread.isAlive() && held.count == 0) {
                threads.remove(held); // its thread ended and all it wrote is out
            }
        }
        return lines;
    }

    @Override
    public boolean isEmpty() {
        for (Held held : threads) {
            synchronized (held) {
                if (held.count > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public long takeDropped() {
        return dropped.getAndSet(0);
    }

    private Held register() {
        Held held = new Held(Thread.currentThread());
        threads.add(held);
        return held;
    }

    /** One thread's lines not yet taken by the writer; guarded by its own monitor. */
    private static final class Held {
        final Thread thread;
        final LineBuffer lines = new LineBuffer(KEPT / 16);
        int count;

        Held(Thread thread) {
            this.thread = thread;
        }
    }
}
