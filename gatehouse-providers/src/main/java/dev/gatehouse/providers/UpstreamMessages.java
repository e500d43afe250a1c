package dev.gatehouse.providers;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text that came from a provider safe to show a client or write to a log: credentials and other key-like tokens
 * are replaced by {@value #REDACTED}, control characters by spaces, and the result is bounded in length. Providers echo
 * keys back (OpenAI: {@code "Incorrect API key provided: sk-abc***xyz"}), and a masked key is still a hint to an
 * attacker.
 */
public final class UpstreamMessages {
    /** The replacement for anything that looks like a credential. */
    public static final String REDACTED = "[redacted]";
    /** The default bound on a message's length, in chars. */
    public static final int MAX_LENGTH = 1_000;

    private static final int SCAN_LIMIT = 16 * MAX_LENGTH;
    private static final String NOT_AFTER_WORD = "(?<![A-Za-z0-9_])";

    private static final List<Pattern> TOKENS = List.of(
            Pattern.compile(NOT_AFTER_WORD + "sk-[A-Za-z0-9_*\\-]{6,}"),
            Pattern.compile(NOT_AFTER_WORD + "gh-[A-Za-z0-9_*\\-]{8,}"),
            Pattern.compile(NOT_AFTER_WORD
                    + "(?:gsk|hf|ghp|gho|ghu|ghs|ghr|github_pat|glpat|r8|pk|rk)_[A-Za-z0-9_*\\-]{16,}"),
            Pattern.compile(NOT_AFTER_WORD + "(?:xai|pplx|csk|nvapi|tgp_v1)-[A-Za-z0-9_*\\-]{16,}"),
            Pattern.compile(NOT_AFTER_WORD + "(?:AKIA|ASIA)[0-9A-Z*]{12,}"),
            Pattern.compile(NOT_AFTER_WORD + "AIza[0-9A-Za-z_*\\-]{20,}"),
            Pattern.compile(NOT_AFTER_WORD + "eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*"));
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/*=\\-]{6,}");
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)\\b((?:x-)?api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|secret|password)"
                    + "(\\s*[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;&}]{6,}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

    private UpstreamMessages() {
    }

    /** {@link #sanitize(String, int)} with {@link #MAX_LENGTH}. */
    public static String sanitize(String raw) {
        return sanitize(raw, MAX_LENGTH);
    }

    /**
     * The text with credentials redacted, control characters replaced and surrounding space trimmed, cut to at most
     * {@code maxLength} chars (ending in {@code …} when cut); {@code null} stays {@code null}.
     */
    public static String sanitize(String raw, int maxLength) {
        if (raw == null) {
            return null;
        }
        String text = raw.length() > SCAN_LIMIT ? raw.substring(0, SCAN_LIMIT) : raw;
        text = BEARER.matcher(text).replaceAll("$1 " + REDACTED);
        text = LABELLED.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)) + REDACTED);
        for (Pattern token : TOKENS) {
            text = token.matcher(text).replaceAll(REDACTED);
        }
        text = CONTROL.matcher(text).replaceAll(" ").strip();
        return truncate(text, maxLength);
    }

    private static String truncate(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int cut = Math.max(0, maxLength - 1);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "…";
    }
}
