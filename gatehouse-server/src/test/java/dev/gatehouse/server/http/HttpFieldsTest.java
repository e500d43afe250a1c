package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpFieldsTest {
    /** Keeps what a measured action made reachable, so the allocation is real. */
    static volatile Object sink;

    static String encoded(HttpFields fields) {
        byte[] target = new byte[fields.encodedLength() + 8];
        int end = fields.writeTo(target, 3);
        assertThat(end - 3).isEqualTo(fields.encodedLength());
        return new String(target, 3, end - 3, StandardCharsets.ISO_8859_1);
    }

    @Test
    void fieldsAreWrittenAsGivenWhetherTheirNameAndValueAreCommonOrNot() {
        HttpFields fields = new HttpFields()
                .add("content-type", "application/json")
                .add("X-Custom", "value")
                .add("x-request-id", "4f2a9c")
                .add("Cache-Control", new String("no-store".toCharArray()))
                .add("CONTENT-TYPE", "Text/Plain")
                .add("X-Latin", "caf\u00e9\tet th\u00e9")
                .add("X-Empty", "");
        assertThat(encoded(fields)).isEqualTo("content-type: application/json\r\n"
                + "X-Custom: value\r\n"
                + "x-request-id: 4f2a9c\r\n"
                + "Cache-Control: no-store\r\n"
                + "CONTENT-TYPE: Text/Plain\r\n"
                + "X-Latin: caf\u00e9\tet th\u00e9\r\n"
                + "X-Empty: \r\n");
        assertThat(fields.size()).isEqualTo(7);
        assertThat(fields.get("Content-Type")).isEqualTo("application/json");
        assertThat(fields.name(3)).isEqualTo("Cache-Control");
        assertThat(fields.value(6)).isEmpty();
    }

    @Test
    void aSetIsWrittenAlikeEveryTime() {
        HttpFields fields = new HttpFields().add("Content-Type", "text/plain").add("X-One", "1");
        String first = encoded(fields);
        assertThat(encoded(fields)).isEqualTo(first).isEqualTo("Content-Type: text/plain\r\nX-One: 1\r\n");
    }

    @Test
    void valuesAreCheckedUnderCommonNamesToo() {
        assertThatThrownBy(() -> new HttpFields().add("content-type", "application/json\r\nX-Injected: yes"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("x-request-id", "a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("x-request-id", "\u20ac"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("X-Bad", "a\u007fb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("x:y", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("transfer-encoding", "chunked"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFields().add("CONTENT-LENGTH", "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionIsNotKeptButCloseInItIsHeard() {
        HttpFields fields = new HttpFields().add("Connection", "keep-alive, \tClose ");
        assertThat(fields.size()).isZero();
        assertThat(fields.encodedLength()).isZero();
        assertThat(fields.closeRequested()).isTrue();
        assertThat(new HttpFields().add("connection", "close").closeRequested()).isTrue();
        assertThat(new HttpFields().add("Connection", "closed, keep-alive").closeRequested()).isFalse();
        assertThat(new HttpFields().add("Connection", "c lose,,").closeRequested()).isFalse();
        assertThat(new HttpFields().add("Connection", "").closeRequested()).isFalse();
        assertThat(new HttpFields().add("Connection", "cl\u00f6se").closeRequested()).isFalse();
    }

    @Test
    void aDateFieldIsNoticed() {
        assertThat(new HttpFields().add("content-type", "text/plain").hasDate()).isFalse();
        assertThat(new HttpFields().add("DATE", "Thu, 01 Jan 1970 00:00:00 GMT").hasDate()).isTrue();
    }

    @Test
    void everyCommonNameIsAnOrdinaryTokenAndEveryCommonValueIsValid() {
        for (String name : CommonFields.NAME_LIST) {
            assertThat(name.chars().allMatch(c -> Ascii.isTchar((char) c))).as(name).isTrue();
            assertThat(name.toLowerCase(Locale.ROOT)).as(name)
                    .isNotIn("content-length", "transfer-encoding", "connection", "date");
            assertThat(CommonFields.NAMES.encoded(name)).isEqualTo((name + ": ").getBytes(StandardCharsets.US_ASCII));
        }
        for (String value : CommonFields.VALUE_LIST) {
            assertThat(value.chars().noneMatch(c -> c > 0x7e || Ascii.isCtl(c))).as(value).isTrue();
            assertThat(value).isEqualTo(value.strip());
            assertThat(CommonFields.VALUES.encoded(value))
                    .isEqualTo((value + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aSetHoldsNoEncodedCopyOfItsFields() {
        Runnable build = () -> sink = new HttpFields().add("x-request-id", "4f2a9c").add("content-type",
                "application/json").add("cache-control", "no-store");
        long allocated = allocatedBy(build) - allocatedBy(() -> sink = null);
        // The set and its array of names and values: the bytes are written into each head directly.
        assertThat(allocated).isPositive().isLessThan(128);
    }

    /** The fewest bytes the action allocated in a few runs (the first loads classes; measuring costs a little). */
    private static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        action.run();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            action.run();
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }
}
