package dev.gatehouse.server;

import dev.gatehouse.spi.AuthenticationException;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.InternalGatewayException;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.MethodNotAllowedException;
import dev.gatehouse.spi.NotFoundException;
import dev.gatehouse.spi.PayloadTooLargeException;
import dev.gatehouse.spi.PermissionDeniedException;
import dev.gatehouse.spi.RateLimitedException;
import dev.gatehouse.spi.UnavailableException;
import dev.gatehouse.spi.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The one place a failure becomes an HTTP status and an OpenAI error: one {@code switch} over the sealed
 * {@link GatewayException} family. Provider failures are translated so the client can tell its own mistakes (4xx,
 * passed through) from the provider's (502/503/504). Internal errors show a generic message and the request id; their
 * cause goes to the server log only.
 */
final class ErrorMapping {
    /** {@link NotFoundException#code()} of an unknown URL, as opposed to an unknown model. */
    static final String ROUTE_NOT_FOUND = "route_not_found";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    private static final String INVALID = "invalid_request_error";
    private static final String API_ERROR = "api_error";

    private ErrorMapping() {
    }

    static ApiError map(GatewayException e, String requestId) {
        return switch (e) {
            case InvalidRequestException x -> of(400, INVALID, x);
            case AuthenticationException x -> of(401, "authentication_error", x);
            case PermissionDeniedException x -> of(403, "permission_error", x);
            case NotFoundException x -> of(404, ROUTE_NOT_FOUND.equals(x.code()) ? "not_found_error" : INVALID, x);
            case MethodNotAllowedException x ->
                    new ApiError(405, INVALID, x.code(), null, x.getMessage(), null, x.allowed());
            case PayloadTooLargeException x -> of(413, INVALID, x);
            case RateLimitedException x ->
                    new ApiError(429, "rate_limit_error", x.code(), x.param(), x.getMessage(), seconds(x.retryAfter()),
                            null);
            case UpstreamException x -> upstream(x);
            case UnavailableException x ->
                    new ApiError(503, API_ERROR, x.code(), null, x.getMessage(), seconds(x.retryAfter()), null);
            case InternalGatewayException x -> {
                LOG.error("Internal error (request_id={})", requestId, x.getCause() != null ? x.getCause() : x);
                yield ApiError.of(500, API_ERROR, x.code(), null, x.getMessage() + " Request id: " + requestId + ".");
            }
        };
    }

    private static ApiError of(int status, String type, GatewayException e) {
        return ApiError.of(status, type, e.code(), e.param(), e.getMessage());
    }

    /**
     * Client-side statuses pass through with the provider's type, code and param; the provider's own failures become
     * 502 (broken or unreachable), 503 (overloaded: 503, Anthropic's 529) or 504 (too slow).
     */
    private static ApiError upstream(UpstreamException x) {
        int status = x.upstreamStatus();
        String message = x.getMessage() != null ? x.getMessage() : "The upstream provider failed.";
        return switch (status) {
            case 400, 401, 403, 404, 408, 409, 413, 422, 429 ->
                    new ApiError(status, x.type() != null ? x.type() : clientType(status), x.code(), x.param(), message,
                            status == 429 ? seconds(x.retryAfter()) : null, null);
            case 503, 529 -> new ApiError(503, API_ERROR, orElse(x.code(), "upstream_unavailable"), null, message,
                    seconds(x.retryAfter()), null);
            case 504, UpstreamException.TIMEOUT ->
                    ApiError.of(504, API_ERROR, orElse(x.code(), "upstream_timeout"), null, message);
            default -> ApiError.of(502, API_ERROR, "upstream_error", null, message); // 5xx, unreachable, odd 4xx
        };
    }

    private static String clientType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> INVALID;
        };
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    /** Whole seconds, rounded up; {@code null} when unknown. */
    static String seconds(Duration d) {
        if (d == null) {
            return null;
        }
        if (d.isNegative()) {
            return "0";
        }
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Long.toString(s);
    }
}
