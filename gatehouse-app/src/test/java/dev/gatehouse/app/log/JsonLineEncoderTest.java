package dev.gatehouse.app.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encoder writes what logback's JsonEncoder writes with the shipped settings, byte for byte, as valid JSON. */
class JsonLineEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Characters that need care: escapes, control characters, multi-byte UTF-8, surrogates (paired and lone). */
    private static final String AWKWARD = "\"\\/\b\t\n\f\r\u0000\u0001\u001f\u007f aZ09{}[]:,"
            + "é\u00ff\u0100\u07ff\u0800€日本"
            + "\uffff\ud83d\ude00\ud83d\ude00\ud800\udc00x\ud800\udbff\udfff";

    private final LoggerContext context = new LoggerContext();
    private final JsonEncoder logback = new JsonEncoder();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    @BeforeEach
    void encoders() {
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        logback.setContext(context);
        logback.setWithSequenceNumber(false); // the settings of the shipped logback.xml before this encoder
        logback.setWithNanoseconds(false);
        logback.setWithContext(false);
        logback.setWithMessage(false);
        logback.setWithArguments(false);
        logback.setWithFormattedMessage(true);
        logback.setWithMDC(true);
        logback.setWithThrowable(true);
        logback.start();
        encoder.setContext(context);
        encoder.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private LoggingEvent event(String message, Throwable throwable, Object... arguments) {
        return event(Level.INFO, "gatehouse-loop-3", Map.of(), message, throwable, arguments);
    }

    private LoggingEvent event(Level level, String thread, Map<String, String> mdc, String message,
            Throwable throwable, Object... arguments) {
        LoggingEvent event = new LoggingEvent("x", context.getLogger("gatehouse.access"), level, message, throwable,
                arguments);
        event.setTimeStamp(1_767_225_600_123L);
        event.setThreadName(thread); // set once: a second set throws
        event.setMDCPropertyMap(mdc);
        return event;
    }

    /** Both encoders' bytes for the event, checked to be equal, valid UTF-8 and one JSON object; the object. */
    private JsonNode sameAsLogback(LoggingEvent event) {
        byte[] expected = logback.encode(event);
        assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(encoder.encode(event)).isEqualTo(expected);
        LineBuffer batch = new LineBuffer(16);
        batch.write(JsonText.ascii("earlier line\n"));
        encoder.encodeInto(event, batch);
        byte[] appended = batch.toByteArray();
        assertThat(new String(appended, 0, 13, StandardCharsets.US_ASCII)).isEqualTo("earlier line\n");
        assertThat(java.util.Arrays.copyOfRange(appended, 13, appended.length)).isEqualTo(expected);
        return parsedLine(expected);
    }

    /** The line's one JSON object, after checking it is strict UTF-8 ending in a newline and with no other newline. */
    static JsonNode parsedLine(byte[] line) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
            assertThat(text).endsWith("}\n");
            assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
            JsonNode node = MAPPER.readTree(line);
            assertThat(node.isObject()).isTrue();
            return node;
        } catch (CharacterCodingException e) {
            throw new AssertionError("not UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aPlainLine() {
        LoggingEvent event = event("request done in {} ms", null, 7);
        JsonNode line = sameAsLogback(event);
        assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).isEqualTo("{\"timestamp\":1767225600123,"
                + "\"level\":\"INFO\",\"threadName\":\"gatehouse-loop-3\",\"loggerName\":\"gatehouse.access\","
                + "\"mdc\": {},\"formattedMessage\":\"request done in 7 ms\",\"throwable\":null}\n");
        assertThat(fieldNames(line)).containsExactly("timestamp", "level", "threadName", "loggerName", "mdc",
                "formattedMessage", "throwable");
    }

    @Test
    void everyLevelAndTimestamps() {
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            for (long timestamp : new long[] {0, 1, 9, 10, 999, 1_767_225_600_123L, Long.MAX_VALUE, -1,
                    Long.MIN_VALUE}) {
                LoggingEvent event = event(level, "t", Map.of(), "m", null);
                event.setTimeStamp(timestamp);
                assertThat(sameAsLogback(event).get("timestamp").asLong()).isEqualTo(timestamp);
            }
        }
    }

    @Test
    void mdcWithSeveralEntriesInTheMapsOrder() {
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("request_id", "req-42");
        mdc.put("key_id", "k/1");
        mdc.put("empty", "");
        mdc.put("quote\"key", "line\nbreak");
        mdc.put("no value", null);
        LoggingEvent event = event(Level.INFO, "t", mdc, "m", null);
        JsonNode line = sameAsLogback(event);
        assertThat(fieldNames(line.get("mdc"))).containsExactly("request_id", "key_id", "empty", "quote\"key",
                "no value");
        assertThat(line.get("mdc").get("quote\"key").asText()).isEqualTo("line\nbreak");
        assertThat(line.get("mdc").get("no value").asText()).isEqualTo("null"); // logback writes it as a string
    }

    @Test
    void theMdcOfTheContextWhenTheEventHasNone() {
        org.slf4j.MDC.put("request_id", "req-7");
        try {
            LoggingEvent event = new LoggingEvent("x", context.getLogger("gatehouse.access"), Level.WARN, "m", null,
                    null);
            event.setTimeStamp(5);
            event.setThreadName("t");
            assertThat(sameAsLogback(event).get("mdc").get("request_id").asText()).isEqualTo("req-7");
        } finally {
            org.slf4j.MDC.remove("request_id");
        }
    }

    @Test
    void awkwardCharactersInMessageThreadAndMdc() {
        LoggingEvent event = event(Level.INFO, AWKWARD, Map.of(AWKWARD, AWKWARD), AWKWARD, null);
        JsonNode line = sameAsLogback(event);
        String asUtf8Keeps = new String(AWKWARD.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(line.get("formattedMessage").asText()).isEqualTo(asUtf8Keeps);
        assertThat(line.get("threadName").asText()).isEqualTo(asUtf8Keeps);
        assertThat(line.get("mdc").get(asUtf8Keeps).asText()).isEqualTo(asUtf8Keeps);
        assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8))
                .contains("\\\"\\\\\\/\\b\\t\\n\\f\\r\\u0000\\u0001\\u001F\u007f aZ09")
                .contains("\ud83d\ude00\ud83d\ude00\ud800\udc00x?\udbff\udfff"); // the lone high surrogate: '?'
    }

    @Test
    void randomStringsOfAwkwardCharacters() {
        Random random = new Random(20260101);
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(n < 1900 ? 40 : 3000);
            for (int i = 0; i < length; i++) {
                s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
                        : AWKWARD.charAt(random.nextInt(AWKWARD.length())));
            }
            String forward = s.toString();
            sameAsLogback(event(Level.INFO, s.reverse().toString(), Map.of("k", forward), forward, null));
        }
    }

    @Test
    void anAbsentMessageIsTheStringNull() {
        assertThat(sameAsLogback(event(null, null)).get("formattedMessage").asText()).isEqualTo("null");
    }

    @Test
    void loggerNamesAsLogbackWritesThem() {
        for (String name : List.of("gatehouse.access", "io.helidon.webserver.ServerListener", "a$B_1",
                "dev.gatehouse.Foo$$Lambda/0x00007f0001234", "日本.é", "")) {
            LoggingEvent event = event("m", null);
            event.setLoggerName(name);
            assertThat(sameAsLogback(event).get("loggerName").asText()).isEqualTo(name);
        }
    }

    /** Logback writes logger names unescaped and so breaks the line; this encoder escapes what JSON requires. */
    @Test
    void aLoggerNameThatWouldBreakTheLineIsEscaped() {
        LoggingEvent event = event("m", null);
        event.setLoggerName("odd\"name\\with\ncontrol/slash");
        byte[] line = encoder.encode(event);
        assertThat(new String(logback.encode(event), StandardCharsets.UTF_8)).contains("odd\"name\\with\ncontrol");
        assertThat(new String(line, StandardCharsets.UTF_8))
                .contains("\"loggerName\":\"odd\\\"name\\\\with\\ncontrol/slash\"");
        assertThat(parsedLine(line).get("loggerName").asText()).isEqualTo("odd\"name\\with\ncontrol/slash");
    }

    @Test
    void markersAndKeyValuePairsWhereLogbackPutsThem() {
        Marker audit = MarkerFactory.getDetachedMarker("AUDIT");
        audit.add(MarkerFactory.getDetachedMarker("SECURITY"));
        LoggingEvent event = event(Level.INFO, "t", Map.of("request_id", "r"), "m", null);
        event.addMarker(audit);
        event.addMarker(MarkerFactory.getDetachedMarker("quote\"marker"));
        event.addKeyValuePair(new KeyValuePair("user", "a\"b"));
        event.addKeyValuePair(new KeyValuePair("count", 42));
        event.addKeyValuePair(new KeyValuePair("nothing", null));
        JsonNode line = sameAsLogback(event);
        assertThat(fieldNames(line)).containsExactly("timestamp", "level", "threadName", "loggerName", "markers", "mdc",
                "kvpList", "formattedMessage", "throwable");
        assertThat(line.get("markers").get(0).asText()).isEqualTo("AUDIT [ SECURITY ]");
        assertThat(line.get("kvpList").get(1).get("count").asText()).isEqualTo("42");
    }

    @Test
    void aThrowableWithCauseSuppressedAndCommonFrames() {
        IOException cause = new IOException("disk \"full\"\n\ud800");
        IllegalStateException thrown = new IllegalStateException("could not write / flush", cause);
        thrown.addSuppressed(new RuntimeException("close failed"));
        thrown.addSuppressed(new UnsupportedOperationException());
        JsonNode line = sameAsLogback(event("failed", thrown));
        JsonNode throwable = line.get("throwable");
        assertThat(throwable.get("className").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(throwable.get("message").asText()).isEqualTo("could not write / flush");
        assertThat(throwable.get("stepArray").get(0).get("methodName").asText())
                .isEqualTo("aThrowableWithCauseSuppressedAndCommonFrames");
        assertThat(throwable.get("stepArray").get(0).get("className").asText()).isEqualTo(getClass().getName());
        assertThat(throwable.get("cause").get("message").asText()).isEqualTo("disk \"full\"\n?");
        assertThat(throwable.get("cause").get("commonFramesCount").asInt()).isPositive();
        assertThat(throwable.get("suppressed")).hasSize(2);
        assertThat(throwable.get("suppressed").get(1).get("message").asText()).isEqualTo("null");
    }

    @Test
    void aCyclicCauseChain() {
        Exception first = new Exception("first");
        Exception second = new Exception("second", first);
        first.initCause(second);
        JsonNode throwable = sameAsLogback(event("loop", second)).get("throwable");
        assertThat(throwable.get("cause").get("cause").get("cyclic").asText()).isEqualTo("true");
    }

    @Test
    void unusualFramesNativeUnknownFileHiddenClass() {
        RuntimeException thrown = new RuntimeException("odd frames");
        thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("dev.gatehouse.Foo$$Lambda/0x00007f0001234", "run", null, -1),
                new StackTraceElement("java.lang.Thread", "sleep0", "Thread.java", -2),
                new StackTraceElement("a.B", "<init>", "B.kt", 0),
        });
        JsonNode frames = sameAsLogback(event("m", thrown)).get("throwable").get("stepArray");
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).get("fileName").asText()).isEqualTo("null");
        assertThat(frames.get(1).get("lineNumber").asInt()).isEqualTo(-2);

        thrown.setStackTrace(new StackTraceElement[0]);
        assertThat(sameAsLogback(event("m", thrown)).get("throwable").get("stepArray")).isEmpty();
    }

    @Test
    void aFailureLeavesTheBufferAsItWas() {
        LoggingEvent event = event(Level.INFO, "t", Map.of("request_id", "r"), "m", null);
        event.addKeyValuePair(new KeyValuePair("broken", new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        }));
        LineBuffer batch = new LineBuffer(16);
        batch.write(JsonText.ascii("earlier line\n"));
        assertThatThrownBy(() -> encoder.encodeInto(event, batch)).isInstanceOf(IllegalStateException.class);
        assertThat(batch.toByteArray()).isEqualTo(JsonText.ascii("earlier line\n"));
    }
}
