package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.GenerationParams;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.ToolDefinition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Writes an OpenAI {@code POST /chat/completions} body. Fields that are {@code null} are left out. */
final class ChatRequestWriter {
    /** Fields this writer owns; {@link ChatRequest#extra()} cannot override them. */
    static final Set<String> OWN_FIELDS = Set.of("model", "messages", "stream", "stream_options", "tools",
            "tool_choice", "response_format", "temperature", "top_p", "max_tokens", "max_completion_tokens", "n",
            "stop", "seed", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs",
            "parallel_tool_calls", "reasoning_effort", "user");

    private ChatRequestWriter() {
    }

    static byte[] write(ChatRequest request, String upstreamModel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint(request));
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("model", upstreamModel);
            out.writeArrayFieldStart("messages");
            for (Message message : request.messages()) {
                writeMessage(out, message);
            }
            out.writeEndArray();
            writeParams(out, request.params());
            writeTools(out, request.tools());
            if (request.toolChoice() != null) {
                out.writeFieldName("tool_choice");
                Json.writeRaw(out, request.toolChoice(), "tool_choice");
            }
            if (request.responseFormat() != null) {
                out.writeFieldName("response_format");
                Json.writeRaw(out, request.responseFormat(), "response_format");
            }
            if (request.stream()) {
                out.writeBooleanField("stream", true);
                out.writeObjectFieldStart("stream_options");
                out.writeBooleanField("include_usage", true);
                out.writeEndObject();
            }
            writeExtra(out, request.extra(), OWN_FIELDS);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * About how many bytes the body takes, so that a long conversation is written into one array instead of one that
     * doubles a dozen times on the way (each time copied): the texts' lengths and a little for everything else.
     */
    static int sizeHint(ChatRequest request) {
        long size = 512;
        for (Message message : request.messages()) {
            size += 48;
            for (ContentPart part : message.content()) {
                size += switch (part) {
                    case ContentPart.Text text -> text.json() != null ? text.json().length() : text.text().length();
                    case ContentPart.Image image -> image.url().length() + 64;
                    case ContentPart.Audio audio -> audio.data().length() + 64;
                    case ContentPart.Other other -> other.json().json().length();
                };
            }
            for (ToolCall call : message.toolCalls()) {
                size += call.arguments().length() + 96;
            }
        }
        return (int) Math.min(size, 1 << 24);
    }

    private static void writeMessage(JsonGenerator out, Message message) throws IOException {
        out.writeStartObject();
        out.writeStringField("role", message.role().wireName());
        writeContent(out, message);
        if (message.name() != null) {
            out.writeStringField("name", message.name());
        }
        if (message.refusal() != null && message.role() == Role.ASSISTANT) {
            out.writeStringField("refusal", message.refusal());
        }
        if (!message.toolCalls().isEmpty()) {
            out.writeArrayFieldStart("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                out.writeStartObject();
                out.writeStringField("id", call.id());
                out.writeStringField("type", "function");
                out.writeObjectFieldStart("function");
                out.writeStringField("name", call.name());
                out.writeStringField("arguments", call.arguments());
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        if (message.toolCallId() != null) {
            out.writeStringField("tool_call_id", message.toolCallId());
        }
        out.writeEndObject();
    }

    private static void writeContent(JsonGenerator out, Message message) throws IOException {
        List<ContentPart> parts = message.content();
        if (parts.isEmpty()) {
            if (message.role() != Role.ASSISTANT) {
                out.writeStringField("content", "");
            }
            return;
        }
        if (message.isTextOnly() && (parts.size() == 1 || plainTextRole(message.role()))) {
            out.writeFieldName("content");
            if (parts.size() == 1) {
                writeText(out, (ContentPart.Text) parts.getFirst());
            } else {
                out.writeString(message.textContent());
            }
            return;
        }
        out.writeArrayFieldStart("content");
        for (ContentPart part : parts) {
            writePart(out, part);
        }
        out.writeEndArray();
    }

    /**
     * A text as a JSON string: the client's own spelling when the parser kept it (the same string, as valid JSON,
     * without encoding a long prompt again), else the text encoded.
     */
    private static void writeText(JsonGenerator out, ContentPart.Text text) throws IOException {
        if (text.json() != null) {
            out.writeRawUTF8String(text.json().utf8(), 0, text.json().length());
        } else {
            out.writeString(text.text());
        }
    }

    private static boolean plainTextRole(Role role) {
        return role == Role.SYSTEM || role == Role.DEVELOPER || role == Role.TOOL;
    }

    private static void writePart(JsonGenerator out, ContentPart part) throws IOException {
        switch (part) {
            case ContentPart.Text text -> {
                out.writeStartObject();
                out.writeStringField("type", "text");
                out.writeFieldName("text");
                writeText(out, text);
                out.writeEndObject();
            }
            case ContentPart.Image image -> {
                out.writeStartObject();
                out.writeStringField("type", "image_url");
                out.writeObjectFieldStart("image_url");
                out.writeStringField("url", image.url());
                if (image.detail() != null) {
                    out.writeStringField("detail", image.detail());
                }
                out.writeEndObject();
                out.writeEndObject();
            }
            case ContentPart.Audio audio -> {
                out.writeStartObject();
                out.writeStringField("type", "input_audio");
                out.writeObjectFieldStart("input_audio");
                out.writeStringField("data", audio.data());
                out.writeStringField("format", audio.format());
                out.writeEndObject();
                out.writeEndObject();
            }
            case ContentPart.Other other -> Json.writeRaw(out, other.json(), "messages");
        }
    }

    private static void writeParams(JsonGenerator out, GenerationParams p) throws IOException {
        writeNumber(out, "temperature", p.temperature());
        writeNumber(out, "top_p", p.topP());
        writeNumber(out, "max_tokens", p.maxTokens());
        writeNumber(out, "max_completion_tokens", p.maxCompletionTokens());
        writeNumber(out, "n", p.n());
        if (p.stop() != null && !p.stop().isEmpty()) {
            out.writeArrayFieldStart("stop");
            for (String stop : p.stop()) {
                out.writeString(stop);
            }
            out.writeEndArray();
        }
        writeNumber(out, "seed", p.seed());
        writeNumber(out, "presence_penalty", p.presencePenalty());
        writeNumber(out, "frequency_penalty", p.frequencyPenalty());
        if (p.logprobs() != null) {
            out.writeBooleanField("logprobs", p.logprobs());
        }
        writeNumber(out, "top_logprobs", p.topLogprobs());
        if (p.parallelToolCalls() != null) {
            out.writeBooleanField("parallel_tool_calls", p.parallelToolCalls());
        }
        if (p.reasoningEffort() != null) {
            out.writeStringField("reasoning_effort", p.reasoningEffort());
        }
        if (p.user() != null) {
            out.writeStringField("user", p.user());
        }
    }

    private static void writeNumber(JsonGenerator out, String field, Number value) throws IOException {
        switch (value) {
            case null -> {
            }
            case Double d -> out.writeNumberField(field, d);
            case Long l -> out.writeNumberField(field, l);
            default -> out.writeNumberField(field, value.intValue());
        }
    }

    private static void writeTools(JsonGenerator out, List<ToolDefinition> tools) throws IOException {
        if (tools.isEmpty()) {
            return;
        }
        out.writeArrayFieldStart("tools");
        for (ToolDefinition tool : tools) {
            out.writeStartObject();
            out.writeStringField("type", "function");
            out.writeObjectFieldStart("function");
            out.writeStringField("name", tool.name());
            if (tool.description() != null) {
                out.writeStringField("description", tool.description());
            }
            if (tool.parameters() != null) {
                out.writeFieldName("parameters");
                Json.writeRaw(out, tool.parameters(), "tools");
            }
            if (tool.strict() != null) {
                out.writeBooleanField("strict", tool.strict());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** Writes the pass-through fields in name order (so bodies are reproducible), skipping any the writer owns. */
    static void writeExtra(JsonGenerator out, Map<String, RawJson> extra, Set<String> ownFields) throws IOException {
        if (extra.isEmpty()) {
            return;
        }
        for (Map.Entry<String, RawJson> field : new TreeMap<>(extra).entrySet()) {
            if (!ownFields.contains(field.getKey())) {
                out.writeFieldName(field.getKey());
                Json.writeRaw(out, field.getValue(), field.getKey());
            }
        }
    }
}
