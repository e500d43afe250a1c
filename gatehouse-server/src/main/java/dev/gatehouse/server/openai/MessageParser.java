package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.ToolCall;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

/** The {@code messages} array of a chat request: roles, content parts, tool calls and tool results. */
final class MessageParser {
    private static final String ROLES = "'system', 'developer', 'user', 'assistant', and 'tool'";
    private static final String DETAILS = "'auto', 'low', and 'high'";
    private static final String CONTENT_TYPES = "one of a string or array of objects";

    private MessageParser() {
    }

    static List<Message> messages(JsonInput in) throws IOException {
        in.requireArray("messages");
        List<Message> out = new ArrayList<>();
        while (in.next() != END_ARRAY) {
            out.add(message(in, out.size()));
        }
        if (out.isEmpty()) {
            throw RequestErrors.emptyArray("messages");
        }
        return out;
    }

    private static Message message(JsonInput in, int index) throws IOException {
        String prefix = JsonInput.element("messages", index);
        in.requireObject(prefix);
        Role role = null;
        List<ContentPart> content = null;
        boolean contentGiven = false;
        String name = null;
        List<ToolCall> toolCalls = null;
        String toolCallId = null;
        String reasoning = null;
        String refusal = null;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "role" -> role = role(in, prefix);
                case "content" -> {
                    contentGiven = true;
                    content = content(in, prefix);
                }
                case "name" -> name = in.optString(prefix, "name");
                case "tool_calls" -> toolCalls = toolCalls(in, prefix + ".tool_calls");
                case "tool_call_id" -> toolCallId = in.optString(prefix, "tool_call_id");
                case "refusal" -> refusal = in.optString(prefix, "refusal");
                case "reasoning_content" -> reasoning = in.optString(prefix, "reasoning_content");
                case "function_call" -> {
                    if (in.token() != VALUE_NULL) {
                        throw RequestErrors.invalid(prefix + ".function_call", "The deprecated 'function_call' field "
                                + "of messages is not supported; send 'tool_calls' instead.");
                    }
                }
                // Fields a response carries and clients echo back (audio, annotations, …): not part of the turn.
                default -> in.skip();
            }
        }
        if (role == null) {
            throw RequestErrors.missing(prefix + ".role");
        }
        boolean calls = toolCalls != null && !toolCalls.isEmpty();
        if (calls && role != Role.ASSISTANT) {
            throw RequestErrors.invalid(prefix + ".tool_calls", "Invalid parameter: 'tool_calls' is only allowed on "
                    + "messages with role 'assistant'.");
        }
        if (role == Role.TOOL && toolCallId == null) {
            throw RequestErrors.missing(prefix + ".tool_call_id");
        }
        if (content == null) {
            if (role != Role.ASSISTANT || !(calls || refusal != null)) {
                throw contentGiven
                        ? RequestErrors.invalidType(prefix + ".content", CONTENT_TYPES, VALUE_NULL)
                        : RequestErrors.missing(prefix + ".content");
            }
            content = List.of();
        }
        return new Message(role, content, name, toolCalls, toolCallId, reasoning, refusal);
    }

    private static Role role(JsonInput in, String prefix) throws IOException {
        String value = in.string(prefix, "role");
        Role role = Role.fromWireName(value);
        if (role == null) {
            throw RequestErrors.invalidValue(prefix + ".role", value, ROLES);
        }
        return role;
    }

    /** {@code null} for JSON null (allowed for some assistant turns, decided by the caller). */
    private static List<ContentPart> content(JsonInput in, String prefix) throws IOException {
        JsonToken t = in.token();
        if (t == VALUE_STRING) {
            return List.of(in.textPart());
        }
        if (t == VALUE_NULL) {
            return null;
        }
        if (t != START_ARRAY) {
            throw RequestErrors.invalidType(prefix + ".content", CONTENT_TYPES, t);
        }
        List<ContentPart> parts = new ArrayList<>(2);
        while (in.next() != END_ARRAY) {
            parts.add(part(in, prefix, parts.size()));
        }
        if (parts.isEmpty()) {
            throw RequestErrors.emptyArray(prefix + ".content");
        }
        return parts;
    }

    private static ContentPart part(JsonInput in, String prefix, int index) throws IOException {
        String param = prefix + ".content[" + index + "]";
        in.requireObject(param);
        int start = in.tokenStart();
        String type = null;
        ContentPart.Text text = null;
        String[] image = null;
        String[] audio = null;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "type" -> type = in.string(param, "type");
                case "text" -> text = in.optTextPart(param, "text");
                case "image_url" -> image = imageUrl(in, param + ".image_url");
                case "input_audio" -> audio = inputAudio(in, param + ".input_audio");
                default -> in.skip();
            }
        }
        if (type == null) {
            throw RequestErrors.missing(param + ".type");
        }
        return switch (type) {
            case "text" -> {
                if (text == null) {
                    throw RequestErrors.missing(param + ".text");
                }
                yield text;
            }
            case "image_url" -> {
                if (image == null) {
                    throw RequestErrors.missing(param + ".image_url");
                }
                yield new ContentPart.Image(image[0], image[1]);
            }
            case "input_audio" -> {
                if (audio == null) {
                    throw RequestErrors.missing(param + ".input_audio");
                }
                yield new ContentPart.Audio(audio[0], audio[1]);
            }
            default -> new ContentPart.Other(type, in.slice(start));
        };
    }

    /** {@code {url, detail}} or, as some clients send it, the URL string alone. */
    private static String[] imageUrl(JsonInput in, String param) throws IOException {
        JsonToken t = in.token();
        if (t == VALUE_STRING) {
            return new String[] {in.text(), null};
        }
        if (t != START_OBJECT) {
            throw RequestErrors.invalidType(param, "an object", t);
        }
        String url = null;
        String detail = null;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "url" -> url = in.string(param, "url");
                case "detail" -> {
                    detail = in.optString(param, "detail");
                    if (detail != null && !detail.equals("auto") && !detail.equals("low") && !detail.equals("high")) {
                        throw RequestErrors.invalidValue(param + ".detail", detail, DETAILS);
                    }
                }
                default -> in.skip();
            }
        }
        if (url == null) {
            throw RequestErrors.missing(param + ".url");
        }
        return new String[] {url, detail};
    }

    private static String[] inputAudio(JsonInput in, String param) throws IOException {
        in.requireObject(param);
        String data = null;
        String format = null;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "data" -> data = in.string(param, "data");
                case "format" -> format = in.string(param, "format");
                default -> in.skip();
            }
        }
        if (data == null) {
            throw RequestErrors.missing(param + ".data");
        }
        if (format == null) {
            throw RequestErrors.missing(param + ".format");
        }
        return new String[] {data, format};
    }

    private static List<ToolCall> toolCalls(JsonInput in, String param) throws IOException {
        if (in.token() == VALUE_NULL) {
            return null;
        }
        in.requireArray(param);
        List<ToolCall> calls = new ArrayList<>(2);
        while (in.next() != END_ARRAY) {
            calls.add(toolCall(in, JsonInput.element(param, calls.size())));
        }
        return calls; // an empty list is "no calls": clients that build messages generically send []
    }

    private static ToolCall toolCall(JsonInput in, String param) throws IOException {
        in.requireObject(param);
        String id = null;
        String name = null;
        String arguments = null;
        boolean function = false;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.string(param, "id");
                case "type" -> {
                    String type = in.string(param, "type");
                    if (!type.equals("function")) {
                        throw RequestErrors.invalidValue(param + ".type", type, "'function'");
                    }
                }
                case "function" -> {
                    function = true;
                    String fn = param + ".function";
                    in.requireObject(fn);
                    while (in.next() == FIELD_NAME) {
                        String f = in.fieldName();
                        in.next();
                        switch (f) {
                            case "name" -> name = in.string(fn, "name");
                            case "arguments" -> arguments = in.string(fn, "arguments");
                            default -> in.skip();
                        }
                    }
                }
                default -> in.skip();
            }
        }
        if (id == null) {
            throw RequestErrors.missing(param + ".id");
        }
        if (!function) {
            throw RequestErrors.missing(param + ".function");
        }
        if (name == null) {
            throw RequestErrors.missing(param + ".function.name");
        }
        if (arguments == null) {
            throw RequestErrors.missing(param + ".function.arguments");
        }
        return new ToolCall(id, name, arguments);
    }
}
