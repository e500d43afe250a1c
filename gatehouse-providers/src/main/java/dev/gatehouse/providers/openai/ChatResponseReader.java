package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI {@code chat.completion} object: lenient about fields compatible hosts leave out, strict about shape.
 */
final class ChatResponseReader {
    private static final String WHAT = "chat completion";

    private ChatResponseReader() {
    }

    /** The response; {@link UpstreamException} for anything that is not a chat completion. */
    static ChatResponse read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        try {
            JsonNode root = Json.READER.readTree(body);
            if (root == null || !root.isObject()) {
                throw ErrorDecoder.badResponse(WHAT);
            }
            JsonNode choices = root.get("choices");
            if ((choices == null || choices.isNull()) && root.hasNonNull("error")) {
                throw ErrorDecoder.inBand(root);
            }
            if (choices == null || !choices.isArray()) {
                throw ErrorDecoder.badResponse(WHAT);
            }
            List<Choice> read = new ArrayList<>(choices.size());
            for (int i = 0; i < choices.size(); i++) {
                read.add(choice(choices.get(i), i));
            }
            return new ChatResponse(orEmpty(Json.text(root, "id")), orEmpty(Json.text(root, "model")),
                    Math.max(0, root.path("created").asLong(0)), read, UsageReader.read(root.get("usage")),
                    Json.text(root, "system_fingerprint"));
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ErrorDecoder.badResponse(WHAT);
        }
    }

    private static Choice choice(JsonNode node, int position) {
        if (!node.isObject()) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        JsonNode message = node.get("message");
        if (message == null || !message.isObject()) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        Role role = Role.fromWireName(orEmpty(Json.text(message, "role")));
        String reasoning = Json.text(message, "reasoning_content");
        if (reasoning == null) {
            reasoning = Json.text(message, "reasoning");
        }
        Message read = new Message(role == null ? Role.ASSISTANT : role, content(message.get("content")), null,
                toolCalls(message.get("tool_calls")), null, reasoning, Json.text(message, "refusal"));
        return new Choice(Json.integer(node, "index", position), read,
                FinishReason.fromWireName(Json.text(node, "finish_reason")), Json.raw(node, "logprobs"));
    }

    private static List<ContentPart> content(JsonNode content) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(new ContentPart.Text(content.textValue()));
        }
        if (!content.isArray()) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        List<ContentPart> parts = new ArrayList<>(content.size());
        for (JsonNode part : content) {
            String type = Json.text(part, "type");
            String text = Json.text(part, "text");
            if ("text".equals(type) && text != null) {
                parts.add(new ContentPart.Text(text));
            } else {
                parts.add(new ContentPart.Other(type == null ? "unknown" : type, RawJson.of(part.toString())));
            }
        }
        return parts;
    }

    private static List<ToolCall> toolCalls(JsonNode calls) {
        if (calls == null || !calls.isArray()) {
            return List.of();
        }
        List<ToolCall> read = new ArrayList<>(calls.size());
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            String arguments = Json.textOrJson(function.get("arguments"));
            read.add(new ToolCall(orEmpty(Json.text(call, "id")), orEmpty(Json.text(function, "name")),
                    arguments == null ? "" : arguments));
        }
        return read;
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
