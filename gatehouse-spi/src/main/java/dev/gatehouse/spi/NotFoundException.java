package dev.gatehouse.spi;

/** No such route, model or object: HTTP 404. */
public final class NotFoundException extends GatewayException {
    public NotFoundException(String message, String param, String code) {
        super(message, param, code, null);
    }

    public static NotFoundException model(String model) {
        return new NotFoundException("The model '" + model + "' does not exist or you do not have access to it.",
                "model", "model_not_found");
    }
}
