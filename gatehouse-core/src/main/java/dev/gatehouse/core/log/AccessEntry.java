package dev.gatehouse.core.log;

/**
 * What the access log says about one request: who asked for what, where it went, how it ended, how long it took and
 * the tokens it used. Never the credential, the caller's address or any prompt or completion text.
 *
 * @param requestId        the gateway's id of the request
 * @param principal        who was authenticated, or {@code null}
 * @param operation        {@code chat}, {@code chat.stream}, {@code embeddings} or {@code models}
 * @param model            the model the caller named, or {@code null}
 * @param deployment       the deployment that answered, or {@code null} when none did
 * @param outcome          {@code ok}, {@code cancelled} or {@code error:<code>}
 * @param durationMillis   from the request reaching the chain to its answer (for a stream: to its end)
 * @param promptTokens     tokens read, or {@link #NONE}
 * @param completionTokens tokens written, or {@link #NONE} (embeddings have none)
 */
public record AccessEntry(String requestId, String principal, String operation, String model, String deployment,
                          String outcome, long durationMillis, long promptTokens, long completionTokens) {
    /** A token count the answer did not report. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * The line's text: {@code request_id=… principal=… op=… model=… deployment=… outcome=… duration_ms=… tokens=…},
     * with {@code -} for no principal, {@code null} for what is missing and tokens as {@code prompt/completion}.
     */
    public String message() {
        StringBuilder line = new StringBuilder(160)
                .append("request_id=").append(requestId)
                .append(" principal=").append(principal == null ? "-" : principal)
                .append(" op=").append(operation)
                .append(" model=").append(model)
                .append(" deployment=").append(deployment)
                .append(" outcome=").append(outcome)
                .append(" duration_ms=").append(durationMillis)
                .append(" tokens=");
        if (promptTokens == NONE) {
            line.append("null");
        } else {
            line.append(promptTokens);
            if (completionTokens != NONE) {
                line.append('/').append(completionTokens);
            }
        }
        return line.toString();
    }
}
