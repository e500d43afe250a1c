package dev.gatehouse.app.log;

import ch.qos.logback.core.encoder.JsonEscapeUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON strings and numbers written into a line buffer: logback's escapes, UTF-8, long strings, every long. */
class JsonTextTest {

    private static byte[] written(String s, byte[][] escapes) {
        LineBuffer out = new LineBuffer(1); // grows on every string: room is reserved before every write
        JsonText.string(out, s, escapes);
        return out.toByteArray();
    }

    /** What logback's encoder makes of a string it escapes. */
    private static byte[] logback(String s) {
        return ("\"" + JsonEscapeUtil.jsonEscapeString(s) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shortStrings() {
        assertThat(written("", JsonText.FULL)).isEqualTo(JsonText.ascii("\"\""));
        assertThat(written(null, JsonText.FULL)).isEqualTo(JsonText.ascii("\"null\""));
        assertThat(written("a/b\"c\\d\u0001\u001f\t", JsonText.FULL))
                .isEqualTo(JsonText.ascii("\"a\\/b\\\"c\\\\d\\u0001\\u001F\\t\""));
        assertThat(written("a/b\"c\\d\u0001\u001f\t", JsonText.REQUIRED))
                .isEqualTo(JsonText.ascii("\"a/b\\\"c\\\\d\\u0001\\u001F\\t\""));
    }

    @Test
    void everyCharAloneAsLogbackWritesIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = String.valueOf((char) c);
            assertThat(written(s, JsonText.FULL)).as("char %04x", c).isEqualTo(logback(s));
        }
    }

    @Test
    void everyCodePointAboveTheBasicPlaneIsFourBytes() {
        for (int cp = 0x10000; cp <= 0x10FFFF; cp += 0xFF) {
            String s = Character.toString(cp);
            assertThat(written(s, JsonText.FULL)).as("code point %x", cp).isEqualTo(logback(s));
            assertThat(written(s, JsonText.FULL)).hasSize(6);
        }
    }

    @Test
    void loneSurrogatesBecomeQuestionMarks() {
        assertThat(written("a\ud800", JsonText.FULL)).isEqualTo(JsonText.ascii("\"a?\""));
        assertThat(written("\udc00a", JsonText.FULL)).isEqualTo(JsonText.ascii("\"?a\""));
        assertThat(written("\udc00\ud800", JsonText.FULL)).isEqualTo(JsonText.ascii("\"??\""));
        assertThat(written("\ud800\ud800\udc00", JsonText.FULL)).isEqualTo(logback("\ud800\ud800\udc00"));
    }

    /** Long strings are written a chunk at a time; pairs and escapes across a chunk's end come out whole. */
    @Test
    void longStringsAcrossChunkEnds() {
        for (String tail : List.of("\ud83d\ude00", "\u0001", "\ud800", "\udc00", "€", "é", "\"", "x")) {
            for (int before = 1015; before <= 1030; before++) {
                for (String filler : List.of("x", "\u0002", "日")) {
                    String s = filler.repeat(before) + tail + filler.repeat(2100 - before) + tail;
                    assertThat(written(s, JsonText.FULL)).as("%s after %d", tail, before).isEqualTo(logback(s));
                }
            }
        }
        String escapesOnly = "\u0000".repeat(5000);
        assertThat(written(escapesOnly, JsonText.FULL)).hasSize(2 + 6 * 5000).isEqualTo(logback(escapesOnly));
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
