package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.providers.UpstreamMessages;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns OpenAI-shaped error bodies (and the plain-text or HTML pages proxies send instead) into exceptions. */
final class ErrorDecoder {
    static final String BAD_RESPONSE = "bad_upstream_response";
    static final String STREAM_TRUNCATED = "stream_truncated";
    static final int BAD_GATEWAY = 502;

    private static final int MAX_BODY_BYTES = 256 * 1024;
    private static final int MAX_FIELD_LENGTH = 100;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern HEADING = Pattern.compile("(?is)<h1[^>]*>(.*?)</h1>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private ErrorDecoder() {
    }

    /** A 2xx body the codec could not read. The message never quotes the body. */
    static UpstreamException badResponse(String what) {
        return new UpstreamException(BAD_GATEWAY, "The upstream provider returned a malformed " + what + ".",
                BAD_RESPONSE);
    }

    /** A stream that ended before its last choice finished and before {@code [DONE]}. */
    static UpstreamException truncated() {
        return new UpstreamException(BAD_GATEWAY, "The upstream stream ended before the completion finished.",
                STREAM_TRUNCATED);
    }

    /** The error a non-2xx response stands for. */
    static UpstreamException decode(int status, Map<String, List<String>> headers, byte[] body, Clock clock) {
        Duration retryAfter = RetryAfter.from(headers, clock);
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, MAX_BODY_BYTES),
                StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new UpstreamException(status, generic(status, "no body"), null, null, null, retryAfter, null);
        }
        if (text.charAt(0) == '{') {
            JsonNode root = parse(text);
            if (root != null && root.isObject()) {
                return fromBody(root, status, retryAfter);
            }
        }
        if (text.charAt(0) == '<') {
            String title = htmlTitle(text);
            String message = generic(status, "an HTML page") + (title == null ? "" : " (" + title + ")");
            return new UpstreamException(status, message, null, null, null, retryAfter, null);
        }
        return new UpstreamException(status, safeMessage(text, status), null, null, null, retryAfter, null);
    }

    /**
     * An error reported inside a 2xx response (an {@code error} chunk in a stream, or an error object where a
     * completion should be). Its status comes from a numeric {@code code}/{@code status}, else from the error type.
     */
    static UpstreamException inBand(JsonNode root) {
        JsonNode error = root.get("error");
        JsonNode fields = error != null && error.isObject() ? error : root;
        int status = statusOf(fields);
        return fromBody(root, status, null);
    }

    private static UpstreamException fromBody(JsonNode root, int status, Duration retryAfter) {
        JsonNode error = root.get("error");
        JsonNode fields = root;
        String message;
        if (error != null && error.isObject()) {
            fields = error;
            message = Json.textOrJson(error.get("message"));
        } else if (error != null && error.isTextual()) {
            message = error.textValue();
        } else if (root.hasNonNull("detail")) {
            message = Json.textOrJson(root.get("detail"));
        } else {
            message = Json.textOrJson(root.get("message"));
        }
        return new UpstreamException(status, safeMessage(message, status), field(fields, "type"),
                field(fields, "param"), field(fields, "code"), retryAfter, null);
    }

    private static String safeMessage(String raw, int status) {
        String message = UpstreamMessages.sanitize(raw);
        return message == null || message.isEmpty() ? generic(status, "no error message") : message;
    }

    private static String field(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || !(value.isTextual() || value.isNumber())) {
            return null;
        }
        String text = UpstreamMessages.sanitize(value.asText(), MAX_FIELD_LENGTH);
        return text.isEmpty() ? null : text;
    }

    private static int statusOf(JsonNode fields) {
        for (String name : List.of("code", "status")) {
            JsonNode value = fields.get(name);
            if (value != null && value.canConvertToInt() && value.isIntegralNumber()
                    && value.intValue() >= 400 && value.intValue() <= 599) {
                return value.intValue();
            }
        }
        String type = Json.text(fields, "type");
        String code = Json.text(fields, "code");
        if ("rate_limit_exceeded".equals(code) || "insufficient_quota".equals(code)) {
            return 429;
        }
        if (type == null) {
            return 500;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "invalid_request_error", "badrequesterror" -> 400;
            case "authentication_error" -> 401;
            case "permission_error", "permission_denied" -> 403;
            case "not_found_error" -> 404;
            case "rate_limit_error", "rate_limit_exceeded", "requests", "tokens", "insufficient_quota" -> 429;
            case "overloaded_error", "service_unavailable" -> 503;
            default -> 500;
        };
    }

    private static JsonNode parse(String text) {
        try {
            return Json.READER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String htmlTitle(String html) {
        for (Pattern pattern : List.of(TITLE, HEADING)) {
            Matcher matcher = pattern.matcher(html);
            if (matcher.find()) {
                String title = UpstreamMessages.sanitize(
                        SPACE.matcher(TAG.matcher(matcher.group(1)).replaceAll(" ")).replaceAll(" "), 200);
                if (!title.isEmpty()) {
                    return title;
                }
            }
        }
        return null;
    }

    private static String generic(int status, String what) {
        return "The upstream provider returned HTTP " + status + " with " + what + ".";
    }
}
