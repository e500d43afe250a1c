package dev.gatehouse.app.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Gives raw scalars a type. Each method returns {@code null} when the value is absent or wrong, reporting the latter
 * as {@code expected an integer, got "lots"}. Not for secrets, whose text must never be echoed.
 */
final class Values {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private Values() {
    }

    static String string(RawValue value, String path, Problems problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.text().strip();
        if (text.isEmpty()) {
            problems.error(value.origin(), path, "must not be empty");
            return null;
        }
        return text;
    }

    static Long integer(RawValue value, String path, long min, long max, Problems problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.text().strip().replace("_", "");
        if (!INTEGER.matcher(text).matches()) {
            problems.error(value.origin(), path, "expected an integer, got " + value.quoted());
            return null;
        }
        long parsed;
        try {
            parsed = Long.parseLong(text);
        } catch (NumberFormatException e) {
            parsed = text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (parsed < min || parsed > max) {
            problems.error(value.origin(), path, "must be between " + min + " and " + max + ", got " + value.quoted());
            return null;
        }
        return parsed;
    }

    static Integer positiveInt(RawValue value, String path, Problems problems) {
        Long parsed = integer(value, path, 1, Integer.MAX_VALUE, problems);
        return parsed == null ? null : parsed.intValue();
    }

    static Boolean bool(RawValue value, String path, Problems problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (value.text().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                problems.error(value.origin(), path, "expected true or false, got " + value.quoted());
                yield null;
            }
        };
    }
}
