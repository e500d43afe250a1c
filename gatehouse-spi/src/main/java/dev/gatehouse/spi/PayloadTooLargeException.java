package dev.gatehouse.spi;

/** The request body exceeds the configured limit: HTTP 413. */
public final class PayloadTooLargeException extends GatewayException {
    public PayloadTooLargeException(long limitBytes) {
        super("Request body exceeds the limit of " + limitBytes + " bytes.", null, "request_too_large", null);
    }
}
