package dev.gatehouse.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat completion request in canonical form.
 *
 * @param model          the public model name the client asked for
 * @param toolChoice     OpenAI {@code tool_choice} ({@code "auto"}, {@code "required"}, or an object), or {@code null}
 * @param responseFormat OpenAI {@code response_format}, or {@code null}
 * @param includeUsage   {@code stream_options.include_usage}
 * @param extra          request fields the canonical model does not name, passed to providers that accept them
 */
public record ChatRequest(String model, List<Message> messages, GenerationParams params, List<ToolDefinition> tools,
                          RawJson toolChoice, RawJson responseFormat, boolean stream, boolean includeUsage,
                          Map<String, RawJson> extra) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        params = params == null ? GenerationParams.NONE : params;
        tools = tools == null ? List.of() : List.copyOf(tools);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The same request for another model name (the deployment's upstream name). */
    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, messages, params, tools, toolChoice, responseFormat, stream, includeUsage, extra);
    }
}
