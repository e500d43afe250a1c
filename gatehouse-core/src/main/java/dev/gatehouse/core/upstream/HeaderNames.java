package dev.gatehouse.core.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Response header names that upstreams send all the time, as constants: the head parser recognises them in the bytes
 * it has lower-cased (so framing headers are told apart without a string), and a header map built later uses these
 * strings instead of making one per name and response. Names not in the table are made as they come.
 */
final class HeaderNames {
    /** Indexes the head parser acts on. */
    static final int CONTENT_LENGTH = 0;
    static final int TRANSFER_ENCODING = 1;
    static final int CONNECTION = 2;
    /** Not a known name. */
    static final int UNKNOWN = -1;

    private static final String[] NAMES = {
        "content-length", "transfer-encoding", "connection",
        "content-type", "content-encoding", "date", "server", "keep-alive", "vary", "via", "cache-control", "etag",
        "set-cookie", "alt-svc", "strict-transport-security", "x-content-type-options", "access-control-allow-origin",
        "access-control-expose-headers", "cf-ray", "cf-cache-status", "x-request-id", "request-id", "retry-after",
        "retry-after-ms", "www-authenticate", "x-envoy-upstream-service-time",
        "openai-organization", "openai-processing-ms", "openai-project", "openai-version",
        "x-ratelimit-limit-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-requests",
        "x-ratelimit-remaining-tokens", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens",
        "anthropic-organization-id", "anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
        "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-limit",
        "anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset",
    };
    private static final byte[][] BYTES = new byte[NAMES.length][];
    /** Per name length, the indexes of the names of that length. */
    private static final int[][] BY_LENGTH;

    static {
        int longest = 0;
        for (int i = 0; i < NAMES.length; i++) {
            BYTES[i] = NAMES[i].getBytes(StandardCharsets.ISO_8859_1);
            longest = Math.max(longest, BYTES[i].length);
        }
        BY_LENGTH = new int[longest + 1][0];
        for (int i = 0; i < NAMES.length; i++) {
            int[] same = BY_LENGTH[BYTES[i].length];
            same = Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = i;
            BY_LENGTH[BYTES[i].length] = same;
        }
    }

    private HeaderNames() {
    }

    /** The index of the lower-case name in {@code bytes[from, to)}, or {@link #UNKNOWN}. */
    static int lookup(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length >= BY_LENGTH.length) {
            return UNKNOWN;
        }
        for (int index : BY_LENGTH[length]) {
            if (Arrays.equals(bytes, from, to, BYTES[index], 0, length)) {
                return index;
            }
        }
        return UNKNOWN;
    }

    /** The name at an index {@link #lookup} returned. */
    static String name(int index) {
        return NAMES[index];
    }
}
