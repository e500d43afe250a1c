package dev.gatehouse.app.log;

import ch.qos.logback.core.encoder.JsonEscapeUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON strings and numbers written into a line buffer: logback's escapes, UTF-8, long strings, every long. */
class JsonTextTest {

    private static byte[] written(String s) {
        LineBuffer out = new LineBuffer(1); // grows on every string: room is reserved before every write
        JsonText.string(out, s);
        return out.toByteArray();
    }

    private static byte[] writtenAsName(String s) {
        LineBuffer out = new LineBuffer(1);
        JsonText.name(out, s);
        return out.toByteArray();
    }

    /** What logback's encoder makes of a string it escapes. */
    private static byte[] logback(String s) {
        return ("\"" + JsonEscapeUtil.jsonEscapeString(s) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shortStrings() {
        assertThat(written("")).isEqualTo(JsonText.ascii("\"\""));
        assertThat(written(null)).isEqualTo(JsonText.ascii("\"null\""));
        assertThat(written("a/b\"c\\d\u0001\u001f\t"))
                .isEqualTo(JsonText.ascii("\"a\\/b\\\"c\\\\d\\u0001\\u001F\\t\""));
        assertThat(writtenAsName("a/b\"c\\d\u0001\u001f\t"))
                .isEqualTo(JsonText.ascii("\"a/b\\\"c\\\\d\\u0001\\u001F\\t\""));
    }

    @Test
    void everyCharAloneAsLogbackWritesIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = String.valueOf((char) c);
            assertThat(written(s)).as("char %04x", c).isEqualTo(logback(s));
        }
    }

    @Test
    void everyCodePointAboveTheBasicPlaneIsFourBytes() {
        for (int cp = 0x10000; cp <= 0x10FFFF; cp += 0xFF) {
            String s = Character.toString(cp);
            assertThat(written(s)).as("code point %x", cp).isEqualTo(logback(s));
            assertThat(written(s)).hasSize(6);
        }
    }

    @Test
    void loneSurrogatesBecomeQuestionMarks() {
        assertThat(written("a\ud800")).isEqualTo(JsonText.ascii("\"a?\""));
        assertThat(written("\udc00a")).isEqualTo(JsonText.ascii("\"?a\""));
        assertThat(written("\udc00\ud800")).isEqualTo(JsonText.ascii("\"??\""));
        assertThat(written("\ud800\ud800\udc00")).isEqualTo(logback("\ud800\ud800\udc00"));
    }

    /** Long strings are written a chunk at a time; pairs and escapes across a chunk's end come out whole. */
    @Test
    void longStringsAcrossChunkEnds() {
        for (String tail : List.of("\ud83d\ude00", "\u0001", "\ud800", "\udc00", "€", "é", "\"", "x")) {
            for (int before : IntStream.concat(IntStream.rangeClosed(250, 262), IntStream.rangeClosed(1018, 1030))
                    .toArray()) {
                for (String filler : List.of("x", "\u0002", "日")) {
                    String s = filler.repeat(before) + tail + filler.repeat(2100 - before) + tail;
                    assertThat(written(s)).as("%s after %d", tail, before).isEqualTo(logback(s));
                }
            }
        }
        String escapesOnly = "\u0000".repeat(5000);
        assertThat(written(escapesOnly)).hasSize(2 + 6 * 5000).isEqualTo(logback(escapesOnly));
        for (int plain = 0; plain <= 2100; plain += 7) { // escapes (six bytes for a char) after runs of every length
            String s = "a".repeat(plain) + "\u0001\"".repeat(700);
            assertThat(written(s)).as("escapes after %d", plain).isEqualTo(logback(s));
        }
    }

    @Test
    void numbers() {
        for (long v : new long[] {0, 1, -1, 9, 10, -10, 99, 100, 1_767_225_600_123L, Integer.MAX_VALUE,
                Integer.MIN_VALUE, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE,
                Long.MIN_VALUE + 1, Long.MIN_VALUE}) {
            LineBuffer out = new LineBuffer(1);
            JsonText.number(out, v);
            assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
            for (long v : new long[] {power - 1, power, power + 1, -power, 9 * power, 10 * power - 1}) {
                LineBuffer out = new LineBuffer(1);
                JsonText.number(out, v);
                assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
            }
        }
        for (long v = 1; v > 0 && v < Long.MAX_VALUE / 3; v = v * 3 + 1) {
            LineBuffer out = new LineBuffer(1);
            JsonText.number(out, v);
            assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void aBufferGrownByAHugeLineIsGivenBackOnReset() {
        LineBuffer out = new LineBuffer(64);
        out.write(new byte[1000]);
        assertThat(out.size()).isEqualTo(1000);
        out.reset(256);
        assertThat(out.size()).isZero();
        assertThat(out.reserve(0)).hasSize(256);
        out.write((byte) 'a');
        out.reset(256);
        assertThat(out.reserve(0)).hasSize(256);
    }
}
