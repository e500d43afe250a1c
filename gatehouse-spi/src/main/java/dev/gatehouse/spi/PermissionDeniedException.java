package dev.gatehouse.spi;

/** The caller is known but may not do this: HTTP 403. */
public final class PermissionDeniedException extends GatewayException {
    public PermissionDeniedException(String message, String code) {
        super(message, null, code, null);
    }
}
