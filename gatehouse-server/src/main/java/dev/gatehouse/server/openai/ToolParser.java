package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.ToolDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

/** {@code tools} and {@code tool_choice}, and their deprecated forms {@code functions} and {@code function_call}. */
final class ToolParser {
    private static final RawJson NONE = new RawJson("\"none\"");
    private static final RawJson AUTO = new RawJson("\"auto\"");
    private static final RawJson REQUIRED = new RawJson("\"required\"");

    private ToolParser() {
    }

    /** {@code [{type:"function", function:{…}}]}; an empty array means no tools. */
    static List<ToolDefinition> tools(JsonInput in) throws IOException {
        if (in.token() == VALUE_NULL) {
            return null;
        }
        in.requireArray("tools");
        List<ToolDefinition> tools = new ArrayList<>(4);
        while (in.next() != END_ARRAY) {
            String param = JsonInput.element("tools", tools.size());
            in.requireObject(param);
            String type = null;
            ToolDefinition definition = null;
            while (in.next() == FIELD_NAME) {
                String field = in.fieldName();
                in.next();
                switch (field) {
                    case "type" -> {
                        type = in.string(param, "type");
                        if (!type.equals("function")) {
                            throw RequestErrors.invalidValue(param + ".type", type, "'function'");
                        }
                    }
                    case "function" -> definition = function(in, param + ".function");
                    default -> in.skip();
                }
            }
            if (type == null) {
                throw RequestErrors.missing(param + ".type");
            }
            if (definition == null) {
                throw RequestErrors.missing(param + ".function");
            }
            tools.add(definition);
        }
        return tools;
    }

    /** The deprecated {@code functions}: {@code [{name, description, parameters}]}. */
    static List<ToolDefinition> functions(JsonInput in) throws IOException {
        if (in.token() == VALUE_NULL) {
            return null;
        }
        in.requireArray("functions");
        List<ToolDefinition> functions = new ArrayList<>(4);
        while (in.next() != END_ARRAY) {
            functions.add(function(in, JsonInput.element("functions", functions.size())));
        }
        return functions;
    }

    private static ToolDefinition function(JsonInput in, String param) throws IOException {
        in.requireObject(param);
        String name = null;
        String description = null;
        RawJson parameters = null;
        Boolean strict = null;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "name" -> {
                    name = in.string(param, "name");
                    if (name.isEmpty()) {
                        throw RequestErrors.emptyString(param + ".name");
                    }
                }
                case "description" -> description = in.optString(param, "description");
                case "parameters" -> {
                    JsonToken t = in.token();
                    if (t == START_OBJECT) {
                        parameters = in.raw();
                    } else if (t != VALUE_NULL) {
                        throw RequestErrors.invalidType(param + ".parameters", "an object", t);
                    }
                }
                case "strict" -> strict = in.optBoolean(param, "strict");
                default -> in.skip();
            }
        }
        if (name == null) {
            throw RequestErrors.missing(param + ".name");
        }
        return new ToolDefinition(name, description, parameters, strict);
    }

    /** {@code "none" | "auto" | "required"} or an object naming a tool, kept verbatim. */
    static RawJson toolChoice(JsonInput in) throws IOException {
        JsonToken t = in.token();
        if (t == VALUE_NULL) {
            return null;
        }
        if (t == VALUE_STRING) {
            String value = in.text();
            return switch (value) {
                case "none" -> NONE;
                case "auto" -> AUTO;
                case "required" -> REQUIRED;
                default -> throw RequestErrors.invalidValue("tool_choice", value, "'none', 'auto', and 'required'");
            };
        }
        if (t != START_OBJECT) {
            throw RequestErrors.invalidType("tool_choice", "one of a string or object", t);
        }
        return in.raw();
    }

    /** The deprecated {@code function_call}, translated to the {@code tool_choice} it means. */
    static RawJson functionCall(JsonInput in) throws IOException {
        JsonToken t = in.token();
        if (t == VALUE_NULL) {
            return null;
        }
        if (t == VALUE_STRING) {
            String value = in.text();
            return switch (value) {
                case "none" -> NONE;
                case "auto" -> AUTO;
                default -> throw RequestErrors.invalidValue("function_call", value, "'none' and 'auto'");
            };
        }
        if (t != START_OBJECT) {
            throw RequestErrors.invalidType("function_call", "one of a string or object", t);
        }
        String name = null;
        while (in.next() == FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            if (field.equals("name")) {
                name = in.string("function_call", "name");
            } else {
                in.skip();
            }
        }
        if (name == null) {
            throw RequestErrors.missing("function_call.name");
        }
        return new RawJson("{\"type\":\"function\",\"function\":{\"name\":" + JsonInput.quote(name) + "}}");
    }
}
