package dev.gatehouse.app.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.app.log.JsonText.ascii;

/**
 * One JSON object per line, the lines logback's {@code JsonEncoder} writes when configured as the gateway was (no
 * sequence number, nanoseconds, context, raw message or arguments; formatted message, MDC and throwable included):
 * <pre>
 * {"timestamp":…,"level":"INFO","threadName":"…","loggerName":"…","mdc": {"k":"v"},"formattedMessage":"…",
 *  "throwable":null}
 * </pre>
 * with {@code "markers": […]} before the MDC and {@code "kvpList": […]} after it when an event carries them, and a
 * throwable as logback writes it (class, message, frames, common frames count, cause, suppressed).
 *
 * <p>Why not logback's own: it builds each line in a StringBuilder, escapes every string into a String of its own and
 * converts the whole line to a new byte[]; at thousands of lines a second those copies were a sixth of everything the
 * gateway allocates. {@link #encodeInto} writes the line as UTF-8 into the caller's buffer instead, which is what
 * {@link BatchingConsoleAppender} does, so a line costs no allocation of its own. {@link #encode} still works for any
 * other appender.
 *
 * <p>One difference, on purpose: logback writes logger names, exception class names and stack frames unescaped, so a
 * quote, backslash or control character in one would break the line; here such characters are escaped (but not
 * {@code /}, which logback leaves alone there). For every other input the bytes are the same.
 */
public class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
    private static final byte[] LEVEL = ascii(",\"level\":");
    private static final byte[] THREAD_NAME = ascii(",\"threadName\":");
    private static final byte[] LOGGER_NAME = ascii(",\"loggerName\":");
    private static final byte[] MARKERS = ascii(",\"markers\": [");
    private static final byte[] MDC = ascii(",\"mdc\": {");
    private static final byte[] KVP_LIST = ascii(",\"kvpList\": [");
    private static final byte[] FORMATTED_MESSAGE = ascii(",\"formattedMessage\":");
    private static final byte[] THROWABLE = ascii(",\"throwable\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] COLON = ascii(":");
    private static final byte[] END = ascii("}\n");

    private static final byte[] CLASS_NAME = ascii("{\"className\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] CYCLIC = ascii(",\"cyclic\":\"true\"");
    private static final byte[] STEP_ARRAY = ascii(",\"stepArray\":[");
    private static final byte[] COMMON_FRAMES_COUNT = ascii(",\"commonFramesCount\":");
    private static final byte[] CAUSE = ascii(",\"cause\":");
    private static final byte[] SUPPRESSED = ascii(",\"suppressed\":[");
    private static final byte[] METHOD_NAME = ascii(",\"methodName\":");
    private static final byte[] FILE_NAME = ascii(",\"fileName\":");
    private static final byte[] LINE_NUMBER = ascii(",\"lineNumber\":");

    /** Writes the event's line, newline included, at the end of {@code out}; on failure {@code out} is as it was. */
    void encodeInto(ILoggingEvent event, LineBuffer out) {
        int mark = out.size();
        try {
            write(event, out);
        } catch (RuntimeException | Error e) {
            out.size(mark);
            throw e;
        }
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        LineBuffer line = new LineBuffer(event.getThrowableProxy() == null ? 1024 : 8192);
        write(event, line);
        return line.toByteArray();
    }

    @Override
    public byte[] headerBytes() {
        return EMPTY;
    }

    @Override
    public byte[] footerBytes() {
        return EMPTY;
    }

    private static void write(ILoggingEvent event, LineBuffer out) {
        out.write(TIMESTAMP);
        JsonText.number(out, event.getTimeStamp());
        out.write(LEVEL);
        Level level = event.getLevel();
        JsonText.name(out, level == null ? null : level.levelStr);
        out.write(THREAD_NAME);
        JsonText.string(out, event.getThreadName());
        out.write(LOGGER_NAME);
        JsonText.name(out, event.getLoggerName());
        markers(event.getMarkerList(), out);
        mdc(event.getMDCPropertyMap(), out);
        keyValuePairs(event.getKeyValuePairs(), out);
        out.write(FORMATTED_MESSAGE);
        JsonText.string(out, event.getFormattedMessage());
        out.write(THROWABLE);
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            out.write(NULL);
        } else {
            throwable(throwable, out);
        }
        out.write(END);
    }

    private static void markers(List<Marker> markers, LineBuffer out) {
        if (markers == null) {
            return;
        }
        out.write(MARKERS);
        for (int i = 0; i < markers.size(); i++) {
            if (i > 0) {
                out.write((byte) ',');
            }
            JsonText.string(out, String.valueOf(markers.get(i)));
        }
        out.write((byte) ']');
    }

    private static void mdc(Map<String, String> mdc, LineBuffer out) {
        out.write(MDC);
        if (mdc != null) {
            boolean first = true;
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!first) {
                    out.write((byte) ',');
                }
                first = false;
                JsonText.string(out, entry.getKey());
                out.write(COLON);
                JsonText.string(out, entry.getValue());
            }
        }
        out.write((byte) '}');
    }

    private static void keyValuePairs(List<KeyValuePair> pairs, LineBuffer out) {
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        out.write(KVP_LIST);
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.write((byte) ',');
            }
            KeyValuePair pair = pairs.get(i);
            out.write((byte) '{');
            JsonText.string(out, pair.key);
            out.write(COLON);
            JsonText.string(out, pair.value == null ? null : pair.value.toString());
            out.write((byte) '}');
        }
        out.write((byte) ']');
    }

    /** A throwable as logback writes it: frames shared with the enclosing throwable are counted, not repeated. */
    private static void throwable(IThrowableProxy t, LineBuffer out) {
        out.write(CLASS_NAME);
        JsonText.name(out, t.getClassName());
        out.write(MESSAGE);
        JsonText.string(out, t.getMessage());
        if (t.isCyclic()) {
            out.write(CYCLIC);
        }
        out.write(STEP_ARRAY);
        StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
        int common = t.getCommonFrames();
        if (frames != null) {
            int shown = common >= frames.length ? frames.length : frames.length - common;
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    out.write((byte) ',');
                }
                frame(frames[i].getStackTraceElement(), out);
            }
        }
        out.write((byte) ']');
        if (common != 0) {
            out.write(COMMON_FRAMES_COUNT);
            JsonText.number(out, common);
        }
        if (t.getCause() != null) {
            out.write(CAUSE);
            throwable(t.getCause(), out);
        }
        IThrowableProxy[] suppressed = t.getSuppressed();
        if (suppressed != null && suppressed.length > 0) {
            out.write(SUPPRESSED);
            for (int i = 0; i < suppressed.length; i++) {
                if (i > 0) {
                    out.write((byte) ',');
                }
                throwable(suppressed[i], out);
            }
            out.write((byte) ']');
        }
        out.write((byte) '}');
    }

    private static void frame(StackTraceElement frame, LineBuffer out) {
        out.write(CLASS_NAME);
        JsonText.name(out, frame.getClassName());
        out.write(METHOD_NAME);
        JsonText.name(out, frame.getMethodName());
        out.write(FILE_NAME);
        JsonText.name(out, frame.getFileName());
        out.write(LINE_NUMBER);
        JsonText.number(out, frame.getLineNumber());
        out.write((byte) '}');
    }
}
