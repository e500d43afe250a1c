package dev.gatehouse.app.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to standard output from one background thread, in batches: a logging call only queues the event
 * (bounded, lock-free, never blocking, never waking anyone); the writer drains the queue every few milliseconds, encodes
 * what it found and writes it with one system call. Logback's {@code AsyncAppender} instead wakes its worker for every
 * event and the console appender writes every line on its own: two thread switches and a system call per request, a
 * large share of the gateway's CPU at load. When the queue is full, events are dropped and counted, and the writer
 * reports how many in a warning line of its own. Stopping the appender (logback's shutdown hook) writes everything
 * queued before it returns. A poll that finds the queue empty puts the writer to sleep until the next line wakes it:
 * under load it polls (no logging call wakes anyone), at a few requests a second each line costs two wake-ups (the
 * line's, and one poll after it) instead of a hundred polls a second, and an idle gateway has no thread waking at all.
 * With a {@link JsonLineEncoder} the writer encodes each line straight into its batch buffer (no byte[] per line);
 * any other encoder's lines are copied in. Lines encoded elsewhere ({@link LineSource}, e.g. {@link AccessLines}) join
 * the same batches.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final int MAX_BATCH_BYTES = 64 * 1024;

    /** Lines already encoded as this appender's encoder would, held elsewhere until the writer takes them. */
    interface LineSource {
        /** Moves the lines held into {@code batch}; how many. */
        int drainInto(LineBuffer batch);

        /** Whether no line is held. */
        boolean isEmpty();

        /** Lines dropped since the last call. */
        long takeDropped();
    }

    private final List<LineSource> sources = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private Encoder<ILoggingEvent> encoder;
    /** The encoder, when it can write into the batch itself; set on start. */
    private JsonLineEncoder directEncoder;
    private int queueSize = 8192;
    private int flushMillis = 10;
    private int idleMillis = 0;
    private volatile boolean running;
    /** Set while the writer sleeps until woken; a logging call then wakes it. */
    private volatile boolean asleep;
    private Thread writer;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Events held at most; more are dropped (and counted). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the writer sleeps when it found nothing to write: the longest a line waits. */
    public void setFlushMillis(int flushMillis) {
        this.flushMillis = flushMillis;
    }

    /** How long the writer polls an empty queue before it sleeps until the next line (0: it sleeps at once). */
    public void setIdleMillis(int idleMillis) {
        this.idleMillis = idleMillis;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("No encoder set for the appender named [" + name + "].");
            return;
        }
        if (queueSize < 1 || flushMillis < 1 || idleMillis < 0) {
            addError("queueSize and flushMillis must be positive, idleMillis not negative for the appender named [" + name + "].");
            return;
        }
        directEncoder = encoder instanceof JsonLineEncoder json ? json : null;
        running = true;
        writer = Thread.ofPlatform().daemon().name("gatehouse-log-writer-" + name).start(this::drainLoop);
        super.start();
    }

    /** The encoder lines are written with once started, if it writes into the batch itself (else {@code null}). */
    JsonLineEncoder jsonEncoder() {
        return directEncoder;
    }

    /** Adds lines held elsewhere to what the writer writes; the source calls {@link #wake()} after each line. */
    void addSource(LineSource source) {
        sources.add(source);
    }

    /** Wakes the writer if it sleeps until the next line: called by a {@link LineSource} after adding one. */
    void wake() {
        if (asleep) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        event.prepareForDeferredProcessing(); // message and MDC as they are now, on the caller's thread
        queue.offer(event);
        if (asleep) { // read after the offer: the writer sets it before its last look at the queue
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // no new events from here on
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events dropped since the last report (tests). */
    long droppedSinceReport() {
        return dropped.get();
    }

    /** The writer is sleeping until the next line (tests). */
    boolean asleep() {
        return asleep;
    }

    /** Timed waits the writer has made (tests). */
    long polls() {
        return polls.get();
    }

    private void drainLoop() {
        LineBuffer batch = new LineBuffer(MAX_BATCH_BYTES);
        long sleepNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        int emptyPollsBeforeSleep = idleMillis / flushMillis;
        int emptyPolls = 0;
        while (true) {
            boolean stopping = !running;
            int written = drain(batch);
            if (stopping && written == 0) {
                break;
            }
            if (written > 0) {
                emptyPolls = 0;
            } else if (emptyPolls++ >= emptyPollsBeforeSleep) {
                emptyPolls = 0;
                asleep = true; // written before the queue is looked at: a line offered after the look sees it
                if (queue.isEmpty() && sourcesEmpty() && running) {
                    LockSupport.park(this);
                }
                asleep = false;
                continue;
            }
            if (!stopping) {
                polls.incrementAndGet();
                LockSupport.parkNanos(sleepNanos); // lets the next batch gather
            }
        }
    }

    /** Writes out everything queued (and a drop report when events were dropped); the number of lines written. */
    private int drain(LineBuffer batch) {
        int lines = 0;
        ILoggingEvent event;
        while ((event = queue.poll()) != null) {
            queued.decrementAndGet();
            encodeInto(batch, event);
            lines++;
            if (batch.size() >= MAX_BATCH_BYTES) {
                write(batch);
            }
        }
        for (LineSource source : sources) {
            lines += source.drainInto(batch);
            if (batch.size() >= MAX_BATCH_BYTES) {
                write(batch);
            }
        }
        long lost = dropped.getAndSet(0);
        for (LineSource source : sources) {
            lost += source.takeDropped();
        }
        if (lost > 0) {
            encodeInto(batch, dropReport(lost));
            lines++;
        }
        write(batch);
        return lines;
    }

    private boolean sourcesEmpty() {
        for (LineSource source : sources) {
            if (!source.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void encodeInto(LineBuffer batch, ILoggingEvent event) {
        try {
            if (directEncoder != null) {
                directEncoder.encodeInto(event, batch);
            } else {
                batch.write(encoder.encode(event));
            }
        } catch (RuntimeException e) {
            addError("Could not encode a log event", e);
        }
    }

    private ILoggingEvent dropReport(long lost) {
        LoggerContext context = (LoggerContext) getContext();
        return new LoggingEvent(BatchingConsoleAppender.class.getName(), context.getLogger("gatehouse.log"),
                Level.WARN, "{} log lines dropped: the log writer fell behind", null, new Object[] {lost});
    }

    private static void write(LineBuffer batch) {
        if (batch.size() == 0) {
            return;
        }
        PrintStream out = System.out; // looked up each time, so a redirected System.out is honoured
        try {
            batch.writeTo(out);
        } catch (IOException e) {
            // PrintStream never throws; it records errors instead
        }
        out.flush();
        batch.reset(4 * MAX_BATCH_BYTES); // a batch grown by a huge line does not stay that big
    }
}
