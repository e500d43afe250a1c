package dev.gatehouse.app.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.MarkerFilter;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.log.AccessEntry;
import dev.gatehouse.core.log.AccessLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log written straight into per-thread buffers: the same bytes logback's route writes, drained by the
 * appender's writer, bounded, and only where nothing in the logging setup could change a line.
 */
class AccessLinesTest {
    private static final String AWKWARD = "\"\\/\b\t\n\u0001\u007f é€日本\ud83d\ude00\ud800x";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        original = System.out;
        System.setOut(new PrintStream(captured, false, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        context.stop();
        System.setOut(original);
    }

    private BatchingConsoleAppender appender(Encoder<ILoggingEvent> encoder) {
        encoder.setContext(context);
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("json");
        appender.setEncoder(encoder);
        appender.setFlushMillis(5);
        return appender;
    }

    private static AccessEntry entry(String requestId) {
        return new AccessEntry(requestId, "team-a", "chat", "gpt-4o", "openai/gpt-4o", "ok", 12, 8, 3);
    }

    private List<String> stdout() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private byte[] logbackLine(AccessEntry entry, String thread, long timestamp) {
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(AccessLog.LOGGER), Level.INFO,
                entry.message(), null, null);
        event.setTimeStamp(timestamp);
        event.setThreadName(thread);
        event.setMDCPropertyMap(Map.of());
        return new JsonLineEncoder().encode(event);
    }

    private static byte[] directLine(AccessEntry entry, String thread, long timestamp) {
        LineBuffer out = new LineBuffer(64);
        AccessLines.encode(entry, thread, timestamp, out);
        return out.toByteArray();
    }

    @Test
    void aLineIsByteForByteWhatLogbackWritesForTheEntrysText() {
        List<AccessEntry> entries = List.of(
                entry("req-1"),
                new AccessEntry("req-2", null, "chat.stream", "m", null, "cancelled", 0, AccessEntry.NONE,
                        AccessEntry.NONE),
                new AccessEntry("req-3", "p", "embeddings", "text-embedding-3-small", "d", "ok", 1_234_567, 42,
                        AccessEntry.NONE),
                new AccessEntry("req-4", "p", "models", null, null, "error:upstream_unavailable", 5, 0, 0),
                new AccessEntry(AWKWARD, AWKWARD, "chat", AWKWARD, AWKWARD, "error:" + AWKWARD, Long.MAX_VALUE,
                        Long.MAX_VALUE, 0));
        for (AccessEntry entry : entries) {
            for (String thread : List.of("gatehouse-loop-0", AWKWARD)) {
                byte[] direct = directLine(entry, thread, 1_796_000_000_123L);
                assertThat(new String(direct, StandardCharsets.UTF_8))
                        .isEqualTo(new String(logbackLine(entry, thread, 1_796_000_000_123L), StandardCharsets.UTF_8));
                JsonNode line = JsonLineEncoderTest.parsedLine(direct);
                assertThat(line.get("formattedMessage").asText()).isEqualTo(
                        new String(entry.message().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void linesFromSeveralThreadsReachStdoutInEachThreadsOrderAndStopWritesThemAll() throws InterruptedException {
        BatchingConsoleAppender appender = appender(new JsonLineEncoder());
        appender.setFlushMillis(1000); // a long sleep: stop() must still drain what threads hold
        appender.start();
        AccessLines lines = new AccessLines(appender, () -> 77L);
        appender.addSource(lines);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String name = "loop-" + t;
            threads.add(Thread.ofPlatform().name(name).start(() -> {
                for (int i = 0; i < 2000; i++) {
                    lines.write(entry(name + "/" + i));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        appender.stop();

        List<String> out = stdout();
        assertThat(out).hasSize(6000);
        int[] next = new int[3];
        for (String text : out) {
            JsonNode line = JsonLineEncoderTest.parsedLine((text + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(line.get("timestamp").asLong()).isEqualTo(77);
            int t = line.get("threadName").asText().charAt(5) - '0';
            assertThat(line.get("formattedMessage").asText())
                    .startsWith("request_id=loop-" + t + "/" + next[t]++ + " principal=team-a op=chat");
        }
        assertThat(next).containsExactly(2000, 2000, 2000);
        assertThat(lines.isEmpty()).isTrue();
    }

    @Test
    void aSleepingWriterIsWokenByALine() throws InterruptedException {
        BatchingConsoleAppender appender = appender(new JsonLineEncoder());
        appender.start();
        AccessLines lines = new AccessLines(appender, () -> 1L);
        appender.addSource(lines);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!appender.asleep() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(appender.asleep()).isTrue();

        lines.write(entry("wake"));
        while (stdout().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(stdout()).singleElement().asString().contains("request_id=wake ");
    }

    @Test
    void aThreadHoldingTooMuchDropsLinesAndTheWriterReportsThem() {
        BatchingConsoleAppender appender = appender(new JsonLineEncoder()); // not started: nothing takes the lines
        AccessLines lines = new AccessLines(appender, () -> 1L);
        int perLine = directLine(entry("x"), Thread.currentThread().getName(), 1L).length;
        int fit = (AccessLines.MAX_HELD + perLine - 1) / perLine;
        for (int i = 0; i < fit + 25; i++) {
            lines.write(entry("x"));
        }
        assertThat(lines.takeDropped()).isEqualTo(25);
        assertThat(lines.takeDropped()).isZero();

        LineBuffer batch = new LineBuffer(16);
        assertThat(lines.drainInto(batch)).isEqualTo(fit);
        assertThat(batch.size()).isEqualTo(fit * perLine);
        assertThat(lines.isEmpty()).isTrue();
        lines.write(entry("x"));
        assertThat(lines.takeDropped()).as("room again once the writer took the lines").isZero();
    }

    @Test
    void virtualThreadsAndThreadsWithMdcValuesGoThroughLogback() throws InterruptedException {
        Logger global = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        ListAppender<ILoggingEvent> logback = new ListAppender<>();
        logback.start();
        Level level = global.getLevel();
        global.setLevel(Level.INFO);
        global.addAppender(logback);
        try {
            AccessLines lines = new AccessLines(appender(new JsonLineEncoder()), () -> 1L);
            Thread.ofVirtual().start(() -> lines.write(entry("virtual"))).join();
            MDC.put("request_id", "r-1");
            try {
                lines.write(entry("with-mdc"));
            } finally {
                MDC.remove("request_id");
            }
            lines.write(entry("direct"));

            assertThat(logback.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly(entry("virtual").message(), entry("with-mdc").message());
            LineBuffer batch = new LineBuffer(16);
            assertThat(lines.drainInto(batch)).isEqualTo(1);
            assertThat(new String(batch.toByteArray(), StandardCharsets.UTF_8)).contains("request_id=direct ");
        } finally {
            global.detachAppender(logback);
            global.setLevel(level);
        }
    }

    @Test
    void chosenOnlyWhereTheLineWouldReachOneJsonBatchingAppenderUnchanged() {
        BatchingConsoleAppender json = appender(new JsonLineEncoder());
        json.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(json);
        assertThat(AccessLines.soleAppender(context)).as("the shipped setup").isSameAs(json);

        context.getLogger(AccessLog.LOGGER).setLevel(Level.WARN);
        assertThat(AccessLines.soleAppender(context)).as("access log switched off by level").isNull();
        context.getLogger(AccessLog.LOGGER).setLevel(null);

        ListAppender<ILoggingEvent> extra = new ListAppender<>();
        extra.setContext(context);
        extra.start();
        context.getLogger("gatehouse").addAppender(extra);
        assertThat(AccessLines.soleAppender(context)).as("a second appender on an ancestor").isNull();
        context.getLogger("gatehouse").setAdditive(false);
        assertThat(AccessLines.soleAppender(context)).as("only that appender reached").isNull();
        context.getLogger("gatehouse").detachAppender(extra);
        context.getLogger("gatehouse").setAdditive(true);
        assertThat(AccessLines.soleAppender(context)).isSameAs(json);

        json.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                return FilterReply.DENY;
            }
        });
        assertThat(AccessLines.soleAppender(context)).as("an appender filter").isNull();
        json.clearAllFilters();

        MarkerFilter turbo = new MarkerFilter();
        context.addTurboFilter(turbo);
        assertThat(AccessLines.soleAppender(context)).as("a turbo filter").isNull();
        context.resetTurboFilterList();

        BatchingConsoleAppender text = appender(pattern());
        text.start();
        root.detachAppender(json);
        root.addAppender(text);
        assertThat(AccessLines.soleAppender(context)).as("the text format").isNull();
    }

    private PatternLayoutEncoder pattern() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern("%msg%n");
        return encoder;
    }
}
