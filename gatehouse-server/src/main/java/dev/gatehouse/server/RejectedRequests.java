package dev.gatehouse.server;

import dev.gatehouse.spi.InternalGatewayException;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.PayloadTooLargeException;

/**
 * The errors for requests the HTTP layer refuses by itself, before any handler ran (malformed HTTP, a body over the
 * limit, a request too slow to arrive): the same JSON error as every other, never a server's plain-text default.
 */
final class RejectedRequests {
    private RejectedRequests() {
    }

    static ApiError error(int status, long maxRequestBytes, String requestId) {
        return switch (status) {
            case 413 -> ErrorMapping.map(new PayloadTooLargeException(maxRequestBytes), requestId);
            case 400 -> ErrorMapping.map(new InvalidRequestException("The HTTP request is malformed.", null,
                    "malformed_http_request"), requestId);
            case 500 -> ErrorMapping.map(new InternalGatewayException(null), requestId);
            default -> {
                boolean server = status >= 500;
                yield ApiError.of(status, server ? "api_error" : "invalid_request_error", "http_" + status, null,
                        server ? "The server could not handle the request (HTTP " + status + ")."
                                : "The HTTP request was refused (HTTP " + status + ").");
            }
        };
    }
}
