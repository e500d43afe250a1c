package dev.gatehouse.providers.openai;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reads when a provider says to retry: {@code retry-after-ms}, else {@code retry-after} (seconds or an HTTP-date). */
final class RetryAfter {
    /** Longer waits are capped: a provider's typo should not park a deployment for a year. */
    static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The wait, or {@code null} when the headers give none that parses. */
    static Duration from(Map<String, List<String>> headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        Duration millis = millis(header(headers, "retry-after-ms"));
        if (millis != null) {
            return millis;
        }
        String value = header(headers, "retry-after");
        if (value == null) {
            return null;
        }
        Duration seconds = seconds(value);
        return seconds != null ? seconds : httpDate(value, clock);
    }

    private static Duration millis(String value) {
        Double ms = number(value);
        return ms == null ? null : cap(Duration.ofNanos(Math.round(Math.min(ms, MAX.toMillis()) * 1_000_000d)));
    }

    private static Duration seconds(String value) {
        Double s = number(value);
        return s == null ? null : cap(Duration.ofMillis(Math.round(Math.min(s, MAX.toSeconds()) * 1000d)));
    }

    private static Duration httpDate(String value, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : cap(wait);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Double number(String value) {
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration cap(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (name.equalsIgnoreCase(entry.getKey())) {
                    values = entry.getValue();
                    break;
                }
            }
        }
        if (values == null || values.isEmpty() || values.getFirst() == null) {
            return null;
        }
        return values.getFirst().strip();
    }
}
