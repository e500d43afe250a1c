package dev.gatehouse.spi;

import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param parameters JSON Schema of the arguments, or {@code null}
 * @param strict     OpenAI structured-outputs flag, or {@code null} when not given
 */
public record ToolDefinition(String name, String description, RawJson parameters, Boolean strict) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
    }
}
