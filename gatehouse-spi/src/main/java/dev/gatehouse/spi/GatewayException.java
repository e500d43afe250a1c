package dev.gatehouse.spi;

/**
 * Every failure the gateway reports to a client. The server maps each subtype to an HTTP status and an OpenAI-style
 * error body in one place; messages must be safe to show (no secrets, no stack traces, no internal addresses).
 * Stack traces are not captured: these are expected outcomes, not bugs.
 */
public abstract sealed class GatewayException extends RuntimeException
        permits InvalidRequestException, AuthenticationException, PermissionDeniedException, NotFoundException,
        MethodNotAllowedException, PayloadTooLargeException, RateLimitedException, UpstreamException,
        UnavailableException, InternalGatewayException {

    private final String param;
    private final String code;

    protected GatewayException(String message, String param, String code, Throwable cause) {
        super(message, cause, false, false);
        this.param = param;
        this.code = code;
    }

    /** The request field at fault, or {@code null}. */
    public String param() {
        return param;
    }

    /** A stable machine-readable code ({@code model_not_found}, {@code invalid_api_key}, …), or {@code null}. */
    public String code() {
        return code;
    }
}
