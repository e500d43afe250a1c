package dev.gatehouse.spi;

/**
 * A bug or an unexpected failure inside the gateway: HTTP 500 with a generic message. The cause is kept for the log,
 * never shown to the client.
 */
public final class InternalGatewayException extends GatewayException {
    public InternalGatewayException(Throwable cause) {
        super("The gateway hit an internal error; the request id identifies it in the server log.", null,
                "internal_error", cause);
    }
}
