package dev.gatehouse.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the client's {@code x-request-id} when it is short and safe to log ({@code [A-Za-z0-9._-]{1,64}}),
 * else 96 random bits as 24 hex digits. Not secrets, so a fast non-cryptographic generator is enough.
 */
final class RequestIds {
    static final int MAX_LENGTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** {@code incoming} when acceptable, else a new id. */
    static String accept(String incoming) {
        return isSafe(incoming) ? incoming : generate();
    }

    static boolean isSafe(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        int low = random.nextInt();
        char[] out = new char[24];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
        }
        for (int i = 0; i < 8; i++) {
            out[16 + i] = HEX[(low >>> (28 - 4 * i)) & 0xf];
        }
        return new String(out);
    }
}
