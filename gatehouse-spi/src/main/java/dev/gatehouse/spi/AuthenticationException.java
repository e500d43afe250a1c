package dev.gatehouse.spi;

/** No credential, or a credential the gateway does not accept: HTTP 401. */
public final class AuthenticationException extends GatewayException {
    public AuthenticationException(String message, String code) {
        super(message, null, code, null);
    }
}
