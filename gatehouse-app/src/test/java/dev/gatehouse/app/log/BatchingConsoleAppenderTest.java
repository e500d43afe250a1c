package dev.gatehouse.app.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batching console appender: order, nothing lost on stop, bounded queue with counted drops, no blocking; JSON lines
 * encoded into the batch directly.
 */
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
        return appender(queueSize, flushMillis, encoder);
    }

    private BatchingConsoleAppender appender(int queueSize, int flushMillis, Encoder<ILoggingEvent> encoder) {
        encoder.setContext(context);
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

    /** Counts the calls of {@link #encode}, the path that makes a byte[] per line. */
    static final class CountingJsonLineEncoder extends JsonLineEncoder {
        final AtomicInteger encodeCalls = new AtomicInteger();

        @Override
        public byte[] encode(ILoggingEvent event) {
            encodeCalls.incrementAndGet();
            return super.encode(event);
        }
    }

    @Test
    void jsonLinesAreEncodedStraightIntoTheBatch() {
        CountingJsonLineEncoder encoder = new CountingJsonLineEncoder();
        BatchingConsoleAppender appender = appender(100_000, 1000, encoder);
        appender.start();
        Logger logger = logger(appender);
        MDC.put("request_id", "req-1");
        try {
            IntStream.range(0, 2000).forEach(i -> logger.info("line {} \"ü\"", i));
        } finally {
            MDC.remove("request_id");
        }
        appender.stop();
        assertThat(encoder.encodeCalls).hasValue(0);
        assertThat(lines()).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            JsonNode line = JsonLineEncoderTest.parsedLine((lines().get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(line.get("formattedMessage").asText()).isEqualTo("line " + i + " \"ü\"");
            assertThat(line.get("mdc").get("request_id").asText()).isEqualTo("req-1");
            assertThat(line.get("loggerName").asText()).isEqualTo("t");
        }
    }

    @Test
    void anEventThatCannotBeEncodedLeavesNoPartOfALine() {
        BatchingConsoleAppender appender = appender(1000, 1000, new JsonLineEncoder());
        appender.start();
        Logger logger = logger(appender);
        Object unprintable = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        logger.info("before");
        logger.atInfo().addKeyValue("broken", unprintable).log("lost");
        logger.info("after");
        appender.stop();
        assertThat(lines()).hasSize(2);
        assertThat(lines()).map(l -> JsonLineEncoderTest.parsedLine((l + "\n").getBytes(StandardCharsets.UTF_8))
                .get("formattedMessage").asText()).containsExactly("before", "after");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(status -> assertThat(status.getMessage()).isEqualTo("Could not encode a log event"));
    }

    @Test
    void refusesToStartWithoutAnEncoder() {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.start();
        assertThat(appender.isStarted()).isFalse();
    }
}
