package dev.gatehouse.server;

/**
 * An error as the client sees it: status, OpenAI error fields, and the headers that go with it.
 *
 * @param retryAfter {@code Retry-After} seconds, or {@code null}
 * @param allow      {@code Allow} header (405), or {@code null}
 */
record ApiError(int status, String type, String code, String param, String message, String retryAfter,
                String allow) {

    static ApiError of(int status, String type, String code, String param, String message) {
        return new ApiError(status, type, code, param, message, null, null);
    }
}
