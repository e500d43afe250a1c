package dev.gatehouse.spi;

/** The route exists but not for this HTTP method: HTTP 405. */
public final class MethodNotAllowedException extends GatewayException {
    private final String allowed;

    public MethodNotAllowedException(String method, String path, String allowed) {
        super("Method " + method + " is not allowed on " + path + "; use " + allowed + ".", null,
                "method_not_allowed", null);
        this.allowed = allowed;
    }

    /** The value of the {@code Allow} header. */
    public String allowed() {
        return allowed;
    }
}
