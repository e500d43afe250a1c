package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.GenerationParams;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.ToolDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

/**
 * OpenAI {@code POST /v1/chat/completions} body → {@link ChatRequest}, validated the way OpenAI validates it.
 * Fields the canonical model does not name are kept in {@link ChatRequest#extra()}, except those that would let a
 * client redirect the gateway (see {@link ForbiddenFields}).
 */
final class ChatRequestParser {
    private final JsonInput in;

    private String model;
    private List<Message> messages;
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private Integer maxCompletionTokens;
    private Integer n;
    private List<String> stop;
    private Long seed;
    private Double presencePenalty;
    private Double frequencyPenalty;
    private Boolean logprobs;
    private Integer topLogprobs;
    private Boolean parallelToolCalls;
    private String reasoningEffort;
    private String user;
    private List<ToolDefinition> tools;
    private List<ToolDefinition> functions;
    private RawJson toolChoice;
    private RawJson functionCall;
    private RawJson responseFormat;
    private boolean stream;
    private boolean includeUsage;
    private Map<String, RawJson> extra;

    private ChatRequestParser(JsonInput in) {
        this.in = in;
    }

    static ChatRequest parse(byte[] body, int length) {
        return JsonInput.parseObject(body, length, in -> new ChatRequestParser(in).read());
    }

    private ChatRequest read() throws IOException {
        while (in.next() == FIELD_NAME) {
            String name = in.fieldName();
            in.next();
            field(name);
        }
        if (model == null) {
            throw RequestErrors.missing("model");
        }
        if (messages == null) {
            throw RequestErrors.missing("messages");
        }
        if (functions != null) {
            if (tools != null && !tools.isEmpty()) {
                throw RequestErrors.invalid("functions", "Use either 'tools' or the deprecated 'functions', not both.");
            }
            tools = functions;
        }
        if (functionCall != null) {
            if (toolChoice != null) {
                throw RequestErrors.invalid("function_call",
                        "Use either 'tool_choice' or the deprecated 'function_call', not both.");
            }
            toolChoice = functionCall;
        }
        GenerationParams params = new GenerationParams(temperature, topP, maxTokens, maxCompletionTokens, n, stop,
                seed, presencePenalty, frequencyPenalty, logprobs, topLogprobs, parallelToolCalls, reasoningEffort,
                user);
        return new ChatRequest(model, messages, params, tools, toolChoice, responseFormat, stream,
                stream && includeUsage, extra);
    }

    private void field(String name) throws IOException {
        switch (name) {
            case "model" -> model = model();
            case "messages" -> messages = MessageParser.messages(in);
            case "temperature" -> temperature = in.optDecimal("temperature", 0, 2, "0", "2");
            case "top_p" -> topP = in.optDecimal("top_p", 0, 1, "0", "1");
            case "max_tokens" -> maxTokens = in.optInteger(null, "max_tokens", 1, Integer.MAX_VALUE);
            case "max_completion_tokens" ->
                    maxCompletionTokens = in.optInteger(null, "max_completion_tokens", 1, Integer.MAX_VALUE);
            case "n" -> n = in.optInteger(null, "n", 1, 128);
            case "stop" -> stop = stop();
            case "seed" -> seed = in.optLong("seed");
            case "presence_penalty" -> presencePenalty = in.optDecimal("presence_penalty", -2, 2, "-2", "2");
            case "frequency_penalty" -> frequencyPenalty = in.optDecimal("frequency_penalty", -2, 2, "-2", "2");
            case "logprobs" -> logprobs = in.optBoolean(null, "logprobs");
            case "top_logprobs" -> topLogprobs = in.optInteger(null, "top_logprobs", 0, 20);
            case "parallel_tool_calls" -> parallelToolCalls = in.optBoolean(null, "parallel_tool_calls");
            case "reasoning_effort" -> reasoningEffort = in.optString(null, "reasoning_effort");
            case "user" -> user = in.optString(null, "user");
            case "stream" -> stream = Boolean.TRUE.equals(in.optBoolean(null, "stream"));
            case "stream_options" -> includeUsage = streamOptions();
            case "tools" -> tools = ToolParser.tools(in);
            case "tool_choice" -> toolChoice = ToolParser.toolChoice(in);
            case "functions" -> functions = ToolParser.functions(in);
            case "function_call" -> functionCall = ToolParser.functionCall(in);
            case "response_format" -> responseFormat = responseFormat();
            default -> {
                if (ForbiddenFields.contains(name)) {
                    throw RequestErrors.forbidden(name);
                }
                if (extra == null) {
                    extra = new HashMap<>();
                }
                extra.put(name, in.raw());
            }
        }
    }

    private String model() throws IOException {
        String value = in.string(null, "model");
        if (value.isEmpty()) {
            throw RequestErrors.emptyString("model");
        }
        return value;
    }

    private List<String> stop() throws IOException {
        JsonToken t = in.token();
        if (t == VALUE_NULL) {
            return null;
        }
        if (t == VALUE_STRING) {
            return List.of(in.text());
        }
        if (t != JsonToken.START_ARRAY) {
            throw RequestErrors.invalidType("stop", "one of a string or array of strings", t);
        }
        List<String> out = new ArrayList<>(4);
        while (in.next() != END_ARRAY) {
            out.add(in.string(null, JsonInput.element("stop", out.size())));
        }
        return out.isEmpty() ? null : out;
    }

    /** {@code include_usage}; other stream options are provider-specific and dropped. */
    private boolean streamOptions() throws IOException {
        if (in.token() == VALUE_NULL) {
            return false;
        }
        in.requireObject("stream_options");
        boolean usage = false;
        while (in.next() == FIELD_NAME) {
            String name = in.fieldName();
            in.next();
            if (name.equals("include_usage")) {
                usage = Boolean.TRUE.equals(in.optBoolean("stream_options", "include_usage"));
            } else {
                in.skip();
            }
        }
        return usage;
    }

    private RawJson responseFormat() throws IOException {
        if (in.token() == VALUE_NULL) {
            return null;
        }
        in.requireObject("response_format");
        return in.raw();
    }
}
