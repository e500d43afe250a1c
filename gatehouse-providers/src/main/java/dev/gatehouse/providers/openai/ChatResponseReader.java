package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import dev.gatehouse.spi.Usage;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI {@code chat.completion} object: lenient about fields compatible hosts leave out, strict about shape.
 *
 * <p>Every completion a gateway relays passes through here, so the common fields are read straight off a streaming
 * parser instead of building a tree of the whole body first (that took a sixth of the request's CPU). The rare, nested
 * parts (tool calls, content part arrays, logprobs) are read as small subtrees, and a body without choices is
 * re-read whole as a tree to report an in-band error.
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
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ErrorDecoder.badResponse(WHAT);
            }
            ChatResponse response = root(parser, body);
            if (parser.nextToken() != null) {
                throw ErrorDecoder.badResponse(WHAT); // trailing content
            }
            return response;
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ErrorDecoder.badResponse(WHAT);
        }
    }

    private static ChatResponse root(JsonParser parser, byte[] body) throws IOException {
        String id = null;
        String model = null;
        String fingerprint = null;
        long created = 0;
        List<Choice> choices = null;
        boolean choicesNotArray = false;
        Usage usage = null;
        boolean error = false;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = Json.text(parser);
                case "model" -> model = Json.text(parser);
                case "system_fingerprint" -> fingerprint = Json.text(parser);
                case "created" -> created = Json.seconds(parser);
                case "choices" -> {
                    choicesNotArray = value != JsonToken.START_ARRAY && value != JsonToken.VALUE_NULL;
                    choices = value == JsonToken.START_ARRAY ? choices(parser) : null;
                }
                case "usage" -> usage = UsageReader.read(parser);
                case "error" -> error = value != JsonToken.VALUE_NULL;
                default -> { }
            }
            parser.skipChildren(); // what a case did not read (a no-op when it did)
        }
        if (choices == null && !choicesNotArray && error) {
            throw ErrorDecoder.inBand(Json.READER.readTree(body));
        }
        if (choices == null) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        return new ChatResponse(orEmpty(id), orEmpty(model), created, choices, usage, fingerprint);
    }

    private static List<Choice> choices(JsonParser parser) throws IOException {
        List<Choice> read = new ArrayList<>(1);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                throw ErrorDecoder.badResponse(WHAT);
            }
            read.add(choice(parser, read.size()));
        }
        return read;
    }

    private static Choice choice(JsonParser parser, int position) throws IOException {
        int index = position;
        Message message = null;
        FinishReason finish = null;
        RawJson logprobs = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "index" -> index = Json.index(parser, position);
                case "message" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw ErrorDecoder.badResponse(WHAT);
                    }
                    message = message(parser);
                }
                case "finish_reason" -> finish = FinishReason.fromWireName(Json.text(parser));
                case "logprobs" -> logprobs = Json.raw(parser);
                default -> { }
            }
            parser.skipChildren();
        }
        if (message == null) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        return new Choice(index, message, finish, logprobs);
    }

    private static Message message(JsonParser parser) throws IOException {
        Role role = null;
        List<ContentPart> content = List.of();
        List<ToolCall> toolCalls = List.of();
        String reasoningContent = null;
        String reasoning = null;
        String refusal = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "role" -> role = Role.fromWireName(orEmpty(Json.text(parser)));
                case "content" -> content = switch (value) {
                    case VALUE_NULL -> List.of();
                    case VALUE_STRING -> List.of(new ContentPart.Text(parser.getText()));
                    case START_ARRAY -> parts(Json.subtree(parser));
                    default -> throw ErrorDecoder.badResponse(WHAT);
                };
                case "tool_calls" -> toolCalls = value == JsonToken.START_ARRAY
                        ? toolCalls(Json.subtree(parser)) : List.of();
                case "reasoning_content" -> reasoningContent = Json.text(parser);
                case "reasoning" -> reasoning = Json.text(parser);
                case "refusal" -> refusal = Json.text(parser);
                default -> { }
            }
            parser.skipChildren();
        }
        return new Message(role == null ? Role.ASSISTANT : role, content, null, toolCalls, null,
                reasoningContent != null ? reasoningContent : reasoning, refusal);
    }

    private static List<ContentPart> parts(JsonNode content) {
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
