package dev.gatehouse.spi;

/** Why the model stopped. */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), TOOL_CALLS("tool_calls"), CONTENT_FILTER("content_filter"),
    FUNCTION_CALL("function_call");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    /** The OpenAI wire name. */
    public String wireName() {
        return wireName;
    }

    /** Parses an OpenAI finish reason; unknown values are {@link #STOP}, {@code null} stays {@code null}. */
    public static FinishReason fromWireName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "length" -> LENGTH;
            case "tool_calls" -> TOOL_CALLS;
            case "content_filter" -> CONTENT_FILTER;
            case "function_call" -> FUNCTION_CALL;
            default -> STOP;
        };
    }
}
