package dev.gatehouse.spi;

import java.util.Objects;

/**
 * A function call made by the model.
 *
 * @param arguments the arguments as JSON text, exactly as the model produced them
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
