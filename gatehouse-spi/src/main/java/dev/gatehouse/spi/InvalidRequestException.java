package dev.gatehouse.spi;

/** The client's request is malformed or asks for something impossible: HTTP 400. */
public final class InvalidRequestException extends GatewayException {
    public InvalidRequestException(String message, String param, String code) {
        super(message, param, code, null);
    }

    public InvalidRequestException(String message, String param) {
        this(message, param, null);
    }
}
