package dev.gatehouse.server;

/**
 * The paths the listener serves. OpenAI's paths, also without the {@code /v1} prefix (as LiteLLM serves them), and
 * the health probes (LiteLLM spells liveness {@code liveliness}; both are accepted).
 */
enum Route {
    CHAT("POST"), EMBEDDINGS("POST"), MODELS("GET"), MODEL("GET"), LIVENESS("GET"), READINESS("GET"), UNKNOWN(null);

    private static final String MODELS_PREFIX = "/v1/models/";
    private static final String BARE_MODELS_PREFIX = "/models/";

    private final String allowed;

    Route(String allowed) {
        this.allowed = allowed;
    }

    /** The one method the route answers, for the {@code Allow} header. */
    String allowed() {
        return allowed;
    }

    static Route of(String rawPath) {
        return switch (rawPath) {
            case "/v1/chat/completions", "/chat/completions" -> CHAT;
            case "/v1/embeddings", "/embeddings" -> EMBEDDINGS;
            case "/v1/models", "/models" -> MODELS;
            case "/health/liveliness", "/health/liveness" -> LIVENESS;
            case "/health/readiness" -> READINESS;
            default -> modelId(rawPath) != null ? MODEL : UNKNOWN;
        };
    }

    /** The model id of a {@code /v1/models/{id}} path (ids may contain '/'), or {@code null}. */
    static String modelId(String path) {
        String id = null;
        if (path.startsWith(MODELS_PREFIX)) {
            id = path.substring(MODELS_PREFIX.length());
        } else if (path.startsWith(BARE_MODELS_PREFIX)) {
            id = path.substring(BARE_MODELS_PREFIX.length());
        }
        return id == null || id.isEmpty() ? null : id;
    }
}
