package dev.gatehouse.server.openai;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatRequestParserTest {

    static ChatRequest parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return OpenAiWire.parseChatRequest(bytes, bytes.length);
    }

    static InvalidRequestException rejected(String json) {
        try {
            parse(json);
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    private static final String MINIMAL = "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Test
    void minimalRequest() {
        ChatRequest r = parse(MINIMAL + "}");
        assertThat(r.model()).isEqualTo("gpt-x");
        assertThat(r.messages()).containsExactly(Message.text(Role.USER, "hi"));
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.tools()).isEmpty();
        assertThat(r.extra()).isEmpty();
        assertThat(r.params().temperature()).isNull();
    }

    @Test
    void everyParameter() {
        ChatRequest r = parse("""
                {"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"u","name":"bob"}],
                 "temperature":0.5,"top_p":1,"max_tokens":10,"max_completion_tokens":20,"n":2,"stop":["a","b"],
                 "seed":-12345678901,"presence_penalty":-2,"frequency_penalty":2,"logprobs":true,"top_logprobs":3,
                 "parallel_tool_calls":false,"reasoning_effort":"low","user":"u-1",
                 "stream":true,"stream_options":{"include_usage":true,"include_obfuscation":false},
                 "response_format":{"type":"json_object"},
                 "logit_bias":{"50256":-100},"metadata":{"k":"v"},"mock_response":"hello","store":false}
                """);
        var p = r.params();
        assertThat(p.temperature()).isEqualTo(0.5);
        assertThat(p.topP()).isEqualTo(1.0);
        assertThat(p.maxTokens()).isEqualTo(10);
        assertThat(p.maxCompletionTokens()).isEqualTo(20);
        assertThat(p.n()).isEqualTo(2);
        assertThat(p.stop()).containsExactly("a", "b");
        assertThat(p.seed()).isEqualTo(-12345678901L);
        assertThat(p.presencePenalty()).isEqualTo(-2.0);
        assertThat(p.frequencyPenalty()).isEqualTo(2.0);
        assertThat(p.logprobs()).isTrue();
        assertThat(p.topLogprobs()).isEqualTo(3);
        assertThat(p.parallelToolCalls()).isFalse();
        assertThat(p.reasoningEffort()).isEqualTo("low");
        assertThat(p.user()).isEqualTo("u-1");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.responseFormat()).isEqualTo(RawJson.of("{\"type\":\"json_object\"}"));
        assertThat(r.messages().get(1).name()).isEqualTo("bob");
        assertThat(r.extra()).containsOnlyKeys("logit_bias", "metadata", "mock_response", "store");
        assertThat(r.extra().get("logit_bias").json()).isEqualTo("{\"50256\":-100}");
        assertThat(r.extra().get("mock_response").json()).isEqualTo("\"hello\"");
        assertThat(r.extra().get("store").json()).isEqualTo("false");
    }

    @Test
    void includeUsageCountsOnlyWhenStreaming() {
        assertThat(parse(MINIMAL + ",\"stream_options\":{\"include_usage\":true}}").includeUsage()).isFalse();
        assertThat(parse(MINIMAL + ",\"stream\":null}").stream()).isFalse();
    }

    @Test
    void nullOptionalParametersMeanNotGiven() {
        ChatRequest r = parse(MINIMAL + ",\"temperature\":null,\"stop\":null,\"tools\":null,\"tool_choice\":null,"
                + "\"response_format\":null,\"stream_options\":null,\"n\":null}");
        assertThat(r.params().temperature()).isNull();
        assertThat(r.params().stop()).isNull();
        assertThat(r.tools()).isEmpty();
        assertThat(r.toolChoice()).isNull();
        assertThat(r.responseFormat()).isNull();
    }

    @Test
    void stopAsString() {
        assertThat(parse(MINIMAL + ",\"stop\":\"END\"}").params().stop()).containsExactly("END");
    }

    @Test
    void contentParts() {
        ChatRequest r = parse("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"look","cache_control":{"type":"ephemeral"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"high"}},
                  {"type":"image_url","image_url":"data:image/png;base64,AAAA"},
                  {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
                  {"type":"file", "file": {"file_id": "file-1"}}
                ]}]}
                """);
        List<ContentPart> parts = r.messages().getFirst().content();
        assertThat(parts).containsExactly(
                new ContentPart.Text("look"),
                new ContentPart.Image("https://example.com/a.png", "high"),
                new ContentPart.Image("data:image/png;base64,AAAA", null),
                new ContentPart.Audio("UklGRg==", "wav"),
                new ContentPart.Other("file", RawJson.of("{\"type\":\"file\", \"file\": {\"file_id\": \"file-1\"}}")));
    }

    @Test
    void assistantToolCallsAndToolResults() {
        ChatRequest r = parse("""
                {"model":"m","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}],"refusal":null,
                     "annotations":[]},
                  {"role":"tool","tool_call_id":"call_1","content":"sunny"},
                  {"role":"assistant","content":"It is sunny.","reasoning_content":"checked"},
                  {"role":"developer","content":"be brief"}
                ]}
                """);
        Message call = r.messages().get(1);
        assertThat(call.role()).isEqualTo(Role.ASSISTANT);
        assertThat(call.content()).isEmpty();
        assertThat(call.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
        Message result = r.messages().get(2);
        assertThat(result.role()).isEqualTo(Role.TOOL);
        assertThat(result.toolCallId()).isEqualTo("call_1");
        assertThat(result.textContent()).isEqualTo("sunny");
        assertThat(r.messages().get(3).reasoning()).isEqualTo("checked");
        assertThat(r.messages().get(4).role()).isEqualTo(Role.DEVELOPER);
    }

    @Test
    void toolsAndToolChoice() {
        ChatRequest r = parse(MINIMAL + """
                ,"tools":[{"type":"function","function":{"name":"f","description":"d",
                   "parameters":{"type":"object","properties":{}},"strict":true}},
                  {"type":"function","function":{"name":"g"}}],
                 "tool_choice":{"type":"function","function":{"name":"g"}}}
                """);
        assertThat(r.tools()).containsExactly(
                new ToolDefinition("f", "d", RawJson.of("{\"type\":\"object\",\"properties\":{}}"), true),
                new ToolDefinition("g", null, null, null));
        assertThat(r.toolChoice().json()).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"g\"}}");
        assertThat(parse(MINIMAL + ",\"tool_choice\":\"required\"}").toolChoice().json()).isEqualTo("\"required\"");
        assertThat(parse(MINIMAL + ",\"tools\":[]}").tools()).isEmpty();
    }

    @Test
    void legacyFunctionsBecomeTools() {
        ChatRequest r = parse(MINIMAL + """
                ,"functions":[{"name":"f","parameters":{"type":"object"}}],"function_call":{"name":"f"}}
                """);
        assertThat(r.tools()).containsExactly(new ToolDefinition("f", null, RawJson.of("{\"type\":\"object\"}"), null));
        assertThat(r.toolChoice().json()).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
        assertThat(parse(MINIMAL + ",\"functions\":[{\"name\":\"f\"}],\"function_call\":\"auto\"}").toolChoice().json())
                .isEqualTo("\"auto\"");
    }

    @Test
    void legacyAndCurrentFormsTogetherAreRefused() {
        var e = rejected(MINIMAL + ",\"functions\":[{\"name\":\"f\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"g\"}}]}");
        assertThat(e.param()).isEqualTo("functions");
        assertThat(rejected(MINIMAL + ",\"function_call\":\"auto\",\"tool_choice\":\"auto\"}").param())
                .isEqualTo("function_call");
    }

    @Test
    void unicodeAndEscapesSurvive() {
        ChatRequest r = parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 ✓ \\\"q\\\"\"}],"
                + "\"x\":{\"é\":\"✓\"}}");
        assertThat(r.messages().getFirst().textContent()).isEqualTo("hé ✓ \"q\"");
        assertThat(r.extra().get("x").json()).isEqualTo("{\"é\":\"✓\"}");
    }

    // ---- errors ----

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"model\":\"m\",", "not json", "{\"model\":\"m\"} trailing",
            "{\"model\":'m'}", "{\"a\":1 \"b\":2}"})
    void malformedJson(String body) {
        var e = rejected(body);
        assertThat(e.getMessage()).startsWith("We could not parse the JSON body of your request.");
        assertThat(e.param()).isNull();
    }

    @Test
    void validationErrorFollowedByMalformedJsonIsReportedAsMalformed() {
        var e = rejected("{\"temperature\":\"hot\", oops");
        assertThat(e.getMessage()).startsWith("We could not parse the JSON body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void bodyMustBeAnObject(String body) {
        var e = rejected(body);
        assertThat(e.getMessage()).startsWith("Invalid type for the request body: expected an object");
        assertThat(e.code()).isEqualTo("invalid_type");
    }

    @Test
    void wrongTypeForTemperature() {
        var e = rejected(MINIMAL + ",\"temperature\":\"hot\"}");
        assertThat(e.getMessage())
                .isEqualTo("Invalid type for 'temperature': expected a decimal, but got a string instead.");
        assertThat(e.param()).isEqualTo("temperature");
        assertThat(e.code()).isEqualTo("invalid_type");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"temperature\":3   | temperature | decimal_above_max_value | Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
            "\"temperature\":-0.1 | temperature | decimal_below_min_value | Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -0.1 instead.",
            "\"top_p\":1.5       | top_p       | decimal_above_max_value | Invalid 'top_p': decimal above maximum value. Expected a value <= 1, but got 1.5 instead.",
            "\"n\":0             | n           | integer_below_min_value | Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.",
            "\"max_tokens\":0    | max_tokens  | integer_below_min_value | Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.",
            "\"max_tokens\":99999999999 | max_tokens | integer_above_max_value | Invalid 'max_tokens': integer above maximum value. Expected a value <= 2147483647, but got 99999999999 instead.",
            "\"presence_penalty\":2.5 | presence_penalty | decimal_above_max_value | Invalid 'presence_penalty': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.",
            "\"top_logprobs\":21 | top_logprobs | integer_above_max_value | Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got 21 instead.",
    })
    void outOfRange(String field, String param, String code, String message) {
        var e = rejected(MINIMAL + "," + field.strip() + "}");
        assertThat(e.param()).isEqualTo(param.strip());
        assertThat(e.code()).isEqualTo(code.strip());
        assertThat(e.getMessage()).isEqualTo(message.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"max_tokens\":1.5      | max_tokens | expected an integer, but got a decimal instead.",
            "\"max_tokens\":\"10\"   | max_tokens | expected an integer, but got a string instead.",
            "\"stream\":\"yes\"      | stream     | expected a boolean, but got a string instead.",
            "\"stream\":1            | stream     | expected a boolean, but got an integer instead.",
            "\"stop\":5              | stop       | expected one of a string or array of strings, but got an integer instead.",
            "\"stop\":[\"a\",1]      | stop[1]    | expected a string, but got an integer instead.",
            "\"user\":{}             | user       | expected a string, but got an object instead.",
            "\"seed\":1.0            | seed       | expected an integer, but got a decimal instead.",
            "\"tools\":{}            | tools      | expected an array, but got an object instead.",
            "\"tool_choice\":true    | tool_choice | expected one of a string or object, but got a boolean instead.",
            "\"response_format\":\"json\" | response_format | expected an object, but got a string instead.",
            "\"stream_options\":true | stream_options | expected an object, but got a boolean instead.",
            "\"stream_options\":{\"include_usage\":\"y\"} | stream_options.include_usage | expected a boolean, but got a string instead.",
    })
    void wrongTypes(String field, String param, String expectation) {
        var e = rejected(MINIMAL + "," + field.strip() + "}");
        assertThat(e.param()).isEqualTo(param.strip());
        assertThat(e.code()).isEqualTo("invalid_type");
        assertThat(e.getMessage()).isEqualTo("Invalid type for '" + param.strip() + "': " + expectation.strip());
    }

    @Test
    void model() {
        assertThat(rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").getMessage())
                .isEqualTo("Missing required parameter: 'model'.");
        var empty = rejected("{\"model\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(empty.param()).isEqualTo("model");
        assertThat(empty.code()).isEqualTo("empty_string");
        var number = rejected("{\"model\":4,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(number.getMessage()).isEqualTo("Invalid type for 'model': expected a string, but got an integer "
                + "instead.");
        assertThat(rejected("{\"model\":null,\"messages\":[]}").param()).isEqualTo("model");
    }

    @Test
    void messages() {
        var missing = rejected("{\"model\":\"m\"}");
        assertThat(missing.getMessage()).isEqualTo("Missing required parameter: 'messages'.");
        assertThat(missing.param()).isEqualTo("messages");
        assertThat(missing.code()).isEqualTo("missing_required_parameter");
        var empty = rejected("{\"model\":\"m\",\"messages\":[]}");
        assertThat(empty.code()).isEqualTo("empty_array");
        assertThat(empty.getMessage()).isEqualTo("Invalid 'messages': empty array. Expected an array with minimum "
                + "length 1, but got an empty array instead.");
        assertThat(rejected("{\"model\":\"m\",\"messages\":\"hi\"}").getMessage())
                .isEqualTo("Invalid type for 'messages': expected an array, but got a string instead.");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[\"hi\"]}").param()).isEqualTo("messages[0]");
    }

    @Test
    void invalidRoleNamesTheMessage() {
        var e = rejected("""
                {"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},
                 {"role":"user","content":"c"},{"role":"wizard","content":"d"}]}
                """);
        assertThat(e.param()).isEqualTo("messages[3].role");
        assertThat(e.code()).isEqualTo("invalid_value");
        assertThat(e.getMessage()).isEqualTo("Invalid value: 'wizard'. Supported values are: 'system', 'developer', "
                + "'user', 'assistant', and 'tool'.");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}").getMessage())
                .isEqualTo("Missing required parameter: 'messages[0].role'.");
    }

    @Test
    void contentRules() {
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}").param())
                .isEqualTo("messages[0].content");
        var nullContent = rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]}");
        assertThat(nullContent.getMessage()).isEqualTo("Invalid type for 'messages[0].content': expected one of a "
                + "string or array of objects, but got null instead.");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":null}]}").param())
                .isEqualTo("messages[0].content");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":7}]}").code())
                .isEqualTo("invalid_type");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[]}]}").code())
                .isEqualTo("empty_array");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}")
                .param()).isEqualTo("messages[0].content[0].type");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}")
                .param()).isEqualTo("messages[0].content[0].text");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"u\",\"detail\":\"ultra\"}}]}]}").param())
                .isEqualTo("messages[0].content[0].image_url.detail");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                + "\"input_audio\":{\"data\":\"d\"}}]}]}").param())
                .isEqualTo("messages[0].content[0].input_audio.format");
    }

    @Test
    void toolMessageRules() {
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}").getMessage())
                .isEqualTo("Missing required parameter: 'messages[0].tool_call_id'.");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}")
                .param()).isEqualTo("messages[0].tool_calls");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}").param())
                .isEqualTo("messages[0].tool_calls[0].id");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]}").param())
                .isEqualTo("messages[0].tool_calls[0].function.arguments");
        assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"custom\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}]}").param())
                .isEqualTo("messages[0].tool_calls[0].type");
    }

    @Test
    void toolDefinitionRules() {
        assertThat(rejected(MINIMAL + ",\"tools\":[{\"type\":\"web_search\"}]}").getMessage())
                .isEqualTo("Invalid value: 'web_search'. Supported values are: 'function'.");
        assertThat(rejected(MINIMAL + ",\"tools\":[{\"type\":\"function\"}]}").param()).isEqualTo("tools[0].function");
        assertThat(rejected(MINIMAL + ",\"tools\":[{\"type\":\"function\",\"function\":{}}]}").param())
                .isEqualTo("tools[0].function.name");
        assertThat(rejected(MINIMAL + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":[]}}]}").param()).isEqualTo("tools[0].function.parameters");
        assertThat(rejected(MINIMAL + ",\"tool_choice\":\"sometimes\"}").param()).isEqualTo("tool_choice");
        assertThat(rejected(MINIMAL + ",\"function_call\":{}}").param()).isEqualTo("function_call.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_base", "base_url", "api_key", "api_version", "custom_llm_provider", "extra_headers"})
    void fieldsThatRedirectTheGatewayAreRefused(String field) {
        String secret = "sk-do-not-echo-" + field;
        var e = rejected(MINIMAL + ",\"" + field + "\":\"" + secret + "\"}");
        assertThat(e.param()).isEqualTo(field);
        assertThat(e.code()).isEqualTo("forbidden_parameter");
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @Test
    void longInvalidValuesAreTruncatedInMessages() {
        String role = "r".repeat(500);
        var e = rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"" + role + "\",\"content\":\"x\"}]}");
        assertThat(e.getMessage()).hasSizeLessThan(200);
    }
}
