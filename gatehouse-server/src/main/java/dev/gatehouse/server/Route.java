package dev.gatehouse.server;

import dev.gatehouse.spi.MethodNotAllowedException;
import dev.gatehouse.spi.NotFoundException;

import java.nio.charset.StandardCharsets;

/**
 * The paths the listener serves. OpenAI's paths, also without the {@code /v1} prefix (as LiteLLM serves them), and
 * the health probes (LiteLLM spells liveness {@code liveliness}; both are accepted).
 */
enum Route {
    CHAT("POST"), EMBEDDINGS("POST"), MODELS("GET"), MODEL("GET"), LIVENESS("GET"), READINESS("GET"), UNKNOWN(null);

    private static final int MAX_ECHOED_PATH = 100;
    private static final byte[] STATUS_OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS_UNAVAILABLE = "{\"status\":\"unavailable\"}".getBytes(StandardCharsets.US_ASCII);
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

    /**
     * The route a request goes to: 404 for an unknown path, 405 for a method the route does not answer.
     *
     * @param rawPath the path as sent, without the query
     */
    static Route resolve(String method, String rawPath) {
        Route route = of(rawPath);
        if (route == UNKNOWN) {
            throw new NotFoundException("Unknown request URL: " + method + " " + echo(rawPath)
                    + ". Please check the URL for typos.", null, ErrorMapping.ROUTE_NOT_FOUND);
        }
        if (!method.equals(route.allowed())) {
            throw new MethodNotAllowedException(method, echo(rawPath), route.allowed());
        }
        return route;
    }

    /** The answer to {@code /v1/models/{id}} for an id no deployment has. */
    static NotFoundException modelNotFound(String id) {
        return NotFoundException.model(id == null ? "" : echo(id));
    }

    /** The body of a health probe's answer. */
    static byte[] healthBody(boolean ok) {
        return ok ? STATUS_OK : STATUS_UNAVAILABLE;
    }

    /** Client text quoted in an error, cut short. */
    private static String echo(String text) {
        return text.length() <= MAX_ECHOED_PATH ? text : text.substring(0, MAX_ECHOED_PATH) + "…";
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
