package dev.gatehouse.server.http;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The {@code Date} header line (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once a second; one per loop. */
final class HttpDate {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final int VALUE = "Date: ".length();

    private final byte[] line = "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n".getBytes(StandardCharsets.US_ASCII);
    private long second = Long.MIN_VALUE;

    /** {@code Date: ...\r\n} for now. The array is rewritten when the second changes: copy it, do not keep it. */
    byte[] line() {
        return line(System.currentTimeMillis());
    }

    byte[] line(long epochMillis) {
        long now = Math.floorDiv(epochMillis, 1000);
        if (now != second) {
            second = now;
            format(now);
        }
        return line;
    }

    private void format(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int p = VALUE;
        p = text(p, DAYS[t.getDayOfWeek().getValue() - 1]);
        line[p++] = ',';
        line[p++] = ' ';
        p = digits(p, t.getDayOfMonth(), 2);
        line[p++] = ' ';
        p = text(p, MONTHS[t.getMonthValue() - 1]);
        line[p++] = ' ';
        p = digits(p, t.getYear(), 4);
        line[p++] = ' ';
        p = digits(p, t.getHour(), 2);
        line[p++] = ':';
        p = digits(p, t.getMinute(), 2);
        line[p++] = ':';
        digits(p, t.getSecond(), 2);
    }

    private int text(int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            line[p++] = (byte) s.charAt(i);
        }
        return p;
    }

    private int digits(int p, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            line[p + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }
}
