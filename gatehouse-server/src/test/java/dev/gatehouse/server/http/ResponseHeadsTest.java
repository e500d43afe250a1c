package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseHeadsTest {
    static final byte[] DATE = new HttpDate().line(0);

    static String head(int status, HttpFields fields, long contentLength, boolean chunked, int connection) {
        byte[] target = new byte[ResponseHeads.maxSize(fields)];
        int length = ResponseHeads.write(target, status, fields, DATE, contentLength, chunked, connection);
        return new String(target, 0, length, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHeadIsTheStatusLineTheFieldsThenTheListenersOwn() {
        HttpFields fields = new HttpFields().add("x-request-id", "r1").add("content-type", "application/json");
        assertThat(head(200, fields, 12345, false, ResponseHeads.PERSISTENT)).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "x-request-id: r1\r\ncontent-type: application/json\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: 12345\r\n\r\n");
        assertThat(head(404, new HttpFields(), 0, false, ResponseHeads.CLOSE)).isEqualTo("HTTP/1.1 404 Not Found\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(head(200, TestHandler.TEXT, ResponseHeads.NO_LENGTH, true, ResponseHeads.KEEP_ALIVE))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n");
        assertThat(head(299, new HttpFields().add("Date", "yesterday"), ResponseHeads.NO_LENGTH, false,
                ResponseHeads.PERSISTENT)).isEqualTo("HTTP/1.1 299 \r\nDate: yesterday\r\n\r\n");
    }

    @Test
    void contentLengthDigitsForEveryMagnitude() {
        List<Long> values = new ArrayList<>();
        for (long v = 0; v <= 1000; v++) {
            values.add(v);
        }
        for (long power = 10; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
            values.addAll(List.of(power - 1, power, power + 1, 5 * power));
        }
        values.addAll(List.of(1_000_000_000_000_000_000L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
                Integer.MAX_VALUE * 100L + 99, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            values.add(random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));
        }
        byte[] target = new byte[40];
        for (long value : values) {
            Arrays.fill(target, (byte) '#');
            int end = ResponseHeads.decimal(target, 5, value);
            String expected = Long.toString(value);
            assertThat(new String(target, 5, end - 5, StandardCharsets.US_ASCII)).isEqualTo(expected);
            assertThat(end).isEqualTo(5 + expected.length());
            for (int i = 0; i < target.length; i++) {
                if (i < 5 || i >= end) {
                    assertThat(target[i]).as("byte %d around %d", i, value).isEqualTo((byte) '#');
                }
            }
        }
    }

    @Test
    void theLongestHeadFitsItsBound() {
        HttpFields fields = new HttpFields().add("X-Long", "v".repeat(300));
        String head = head(505, fields, Long.MAX_VALUE, true, ResponseHeads.KEEP_ALIVE);
        assertThat(head.length()).isLessThanOrEqualTo(ResponseHeads.maxSize(fields));
        assertThat(head).contains("Content-Length: " + Long.MAX_VALUE + "\r\n");
    }
}
