package dev.gatehouse.app.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The batching console appender: order, nothing lost on stop, bounded queue with counted drops, no blocking. */
class BatchingConsoleAppenderTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter()); // what logback's SLF4J provider does for its context
        original = System.out;
        System.setOut(new PrintStream(captured, false, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        context.stop();
        System.setOut(original);
    }

    private BatchingConsoleAppender appender(int queueSize, int flushMillis) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("test");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setFlushMillis(flushMillis);
        return appender;
    }

    private Logger logger(BatchingConsoleAppender appender) {
        Logger logger = context.getLogger("t");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyLineIsWrittenInOrderByTheTimeStopReturns() {
        BatchingConsoleAppender appender = appender(100_000, 1000); // a long sleep: stop() must still drain
        appender.start();
        Logger logger = logger(appender);
        IntStream.range(0, 5000).forEach(i -> logger.info("line {}", i));
        appender.stop();
        assertThat(lines()).hasSize(5000);
        assertThat(lines()).containsExactlyElementsOf(IntStream.range(0, 5000).mapToObj(i -> "INFO line " + i).toList());
    }

    @Test
    void linesAppearWithoutStoppingWithinTheFlushInterval() throws InterruptedException {
        BatchingConsoleAppender appender = appender(1000, 5);
        appender.start();
        logger(appender).info("hello");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (lines().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(lines()).containsExactly("INFO hello");
    }

    @Test
    void anIdleWriterSleepsAndTheNextLineWakesIt() throws InterruptedException {
        BatchingConsoleAppender appender = appender(1000, 5);
        appender.setIdleMillis(20);
        appender.start();
        Logger logger = logger(appender);
        for (String word : List.of("first", "second", "third")) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!appender.asleep() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(appender.asleep()).as("asleep before '%s'", word).isTrue();
            logger.info(word);
            while (lines().stream().noneMatch(("INFO " + word)::equals) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        }
        assertThat(lines()).containsExactly("INFO first", "INFO second", "INFO third");
    }

    @Test
    void aLoneLineCostsOnePollNotASecondOfThem() throws InterruptedException {
        BatchingConsoleAppender appender = appender(1000, 5); // the default idle time: sleep at the first empty poll
        appender.start();
        Logger logger = logger(appender);
        for (String word : List.of("first", "second")) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!appender.asleep() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            long pollsBefore = appender.polls();
            logger.info(word);
            while ((lines().stream().noneMatch(("INFO " + word)::equals) || !appender.asleep())
                    && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(appender.asleep()).isTrue();
            assertThat(appender.polls() - pollsBefore).as("timed waits for the line '%s'", word).isEqualTo(1);
        }
        assertThat(lines()).containsExactly("INFO first", "INFO second");
    }

    @Test
    void aFullQueueDropsAndTheDropsAreReported() {
        BatchingConsoleAppender appender = appender(10, 60_000);
        // Not started: nothing drains, so the queue fills; append directly, as a started appender's doAppend would.
        Logger logger = logger(appender);
        for (int i = 0; i < 25; i++) {
            appender.append(new ch.qos.logback.classic.spi.LoggingEvent("x", logger,
                    ch.qos.logback.classic.Level.INFO, "event " + i, null, null));
        }
        assertThat(appender.droppedSinceReport()).isEqualTo(15);
        appender.start();
        appender.stop();
        assertThat(lines()).hasSize(11);
        assertThat(lines().subList(0, 10)).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "INFO event " + i).toList());
        assertThat(lines().get(10)).isEqualTo("WARN 15 log lines dropped: the log writer fell behind");
    }

    @Test
    void refusesToStartWithoutAnEncoder() {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.start();
        assertThat(appender.isStarted()).isFalse();
    }
}
