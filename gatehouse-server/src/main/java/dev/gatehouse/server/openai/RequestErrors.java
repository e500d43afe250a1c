package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.spi.InvalidRequestException;

/**
 * The 400s of the OpenAI ingress, worded as OpenAI words them so SDK users recognise them. Values the client sent are
 * echoed only where they are short enumerations or numbers (never free text, never a field that may hold a secret).
 */
final class RequestErrors {
    private static final int MAX_ECHO = 40;

    private RequestErrors() {
    }

    static InvalidRequestException unparseable() {
        return new InvalidRequestException("We could not parse the JSON body of your request. (HINT: This likely means "
                + "you aren't using your HTTP library correctly. The API expects a JSON payload, but what was sent was "
                + "not valid JSON.)", null, null);
    }

    static InvalidRequestException invalidType(String param, String expected, JsonToken got) {
        String subject = param == null ? "the request body" : "'" + param + "'";
        return new InvalidRequestException("Invalid type for " + subject + ": expected " + expected + ", but got "
                + describe(got) + " instead.", param, "invalid_type");
    }

    static InvalidRequestException missing(String param) {
        return new InvalidRequestException("Missing required parameter: '" + param + "'.", param,
                "missing_required_parameter");
    }

    static InvalidRequestException emptyString(String param) {
        return new InvalidRequestException("Invalid '" + param + "': empty string. Expected a string with minimum "
                + "length 1, but got an empty string instead.", param, "empty_string");
    }

    static InvalidRequestException emptyArray(String param) {
        return new InvalidRequestException("Invalid '" + param + "': empty array. Expected an array with minimum "
                + "length 1, but got an empty array instead.", param, "empty_array");
    }

    static InvalidRequestException arrayTooLong(String param, int max, int got) {
        return new InvalidRequestException("Invalid '" + param + "': array too long. Expected an array with maximum "
                + "length " + max + ", but got an array with length " + got + " instead.", param,
                "array_above_max_length");
    }

    /** {@code supported} is already quoted and joined: {@code 'a', 'b', and 'c'}. */
    static InvalidRequestException invalidValue(String param, String value, String supported) {
        return new InvalidRequestException("Invalid value: '" + echo(value) + "'. Supported values are: " + supported
                + ".", param, "invalid_value");
    }

    static InvalidRequestException belowMinimum(String param, String kind, String min, String got) {
        return new InvalidRequestException("Invalid '" + param + "': " + kind + " below minimum value. "
                + "Expected a value >= " + min + ", but got " + echo(got) + " instead.", param,
                kind + "_below_min_value");
    }

    static InvalidRequestException aboveMaximum(String param, String kind, String max, String got) {
        return new InvalidRequestException("Invalid '" + param + "': " + kind + " above maximum value. "
                + "Expected a value <= " + max + ", but got " + echo(got) + " instead.", param,
                kind + "_above_max_value");
    }

    /** A field that would let the client choose where (or as whom) the gateway sends the request. */
    static InvalidRequestException forbidden(String param) {
        return new InvalidRequestException("The '" + param + "' parameter is not allowed: the gateway decides which "
                + "provider endpoint and credentials serve each model.", param, "forbidden_parameter");
    }

    static InvalidRequestException invalid(String param, String message) {
        return new InvalidRequestException(message, param, "invalid_value");
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            default -> "an unexpected token";
        };
    }

    private static String echo(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…";
    }
}
