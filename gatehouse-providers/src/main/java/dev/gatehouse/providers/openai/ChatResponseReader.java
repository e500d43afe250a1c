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
import dev.gatehouse.spi.ProviderBody;
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
 *
 * <p>While reading, it notes whether the body says exactly what the gateway would write for the response it read:
 * an {@code object} of {@code chat.completion}, the id, model and creation time present, each choice's index and
 * finish reason present (known or null), an assistant role, text content (or null), tool calls in OpenAI's own
 * shape, plain token counts, no repeated field. Then the response carries the body as
 * its {@link ProviderBody}, and an OpenAI client is sent these bytes instead of a re-encoding (fields the gateway
 * does not model, such as {@code service_tier} or a message's {@code annotations}, reach the client too). Anything
 * the gateway would normalise (content parts, {@code reasoning} for {@code reasoning_content}, a missing role,
 * an unknown finish reason, a negative count) makes it re-encode instead.
 */
final class ChatResponseReader {
    private static final String WHAT = "chat completion";

    private final byte[] body;
    /** Whether the body can stand in for the re-encoded response; cleared by the first thing that says otherwise. */
    private boolean relayable;

    private ChatResponseReader(byte[] body) {
        this.body = body;
        // UTF-8 with no byte-order mark and no leading space: what Jackson would read as anything else is re-encoded
        this.relayable = body.length > 1 && body[0] == '{' && body[1] != 0;
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
            ChatResponse response = new ChatResponseReader(body).root(parser);
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

    private void irregular() {
        relayable = false;
    }

    private ChatResponse root(JsonParser parser) throws IOException {
        boolean completionObject = false;
        boolean createdPlain = false;
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
                case "object" -> completionObject = "chat.completion".equals(Json.text(parser));
                case "id" -> {
                    expect(id == null); // a repeated field may be read otherwise by the client's parser
                    id = Json.text(parser);
                }
                case "model" -> {
                    expect(model == null);
                    model = Json.text(parser);
                }
                case "system_fingerprint" -> {
                    fingerprint = Json.text(parser);
                    expect(fingerprint != null || value == JsonToken.VALUE_NULL);
                }
                case "created" -> {
                    created = Json.seconds(parser);
                    createdPlain = value == JsonToken.VALUE_NUMBER_INT
                            && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && parser.getLongValue() >= 0;
                }
                case "choices" -> {
                    expect(choices == null);
                    choicesNotArray = value != JsonToken.START_ARRAY && value != JsonToken.VALUE_NULL;
                    choices = value == JsonToken.START_ARRAY ? choices(parser) : null;
                }
                case "usage" -> {
                    expect(usage == null);
                    usage = UsageReader.read(parser, this::irregular);
                }
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
        expect(completionObject && id != null && model != null && createdPlain && !error);
        return new ChatResponse(orEmpty(id), orEmpty(model), created, choices, usage, fingerprint,
                relayable ? new ProviderBody(OpenAiCodec.PROTOCOL, body) : null);
    }

    /** Notes that the body says something other than what the gateway would write, unless {@code regular}. */
    private void expect(boolean regular) {
        if (!regular) {
            relayable = false;
        }
    }

    private List<Choice> choices(JsonParser parser) throws IOException {
        List<Choice> read = new ArrayList<>(1);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                throw ErrorDecoder.badResponse(WHAT);
            }
            read.add(choice(parser, read.size()));
        }
        return read;
    }

    private Choice choice(JsonParser parser, int position) throws IOException {
        boolean indexPlain = false;
        boolean finishSeen = false;
        int index = position;
        Message message = null;
        FinishReason finish = null;
        RawJson logprobs = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "index" -> {
                    index = Json.index(parser, position);
                    indexPlain = value == JsonToken.VALUE_NUMBER_INT
                            && parser.getNumberType() == JsonParser.NumberType.INT;
                }
                case "message" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw ErrorDecoder.badResponse(WHAT);
                    }
                    message = message(parser);
                }
                case "finish_reason" -> {
                    String reason = Json.text(parser);
                    finish = FinishReason.fromWireName(reason);
                    finishSeen = true;
                    expect(finish == null ? value == JsonToken.VALUE_NULL : finish.wireName().equals(reason));
                }
                case "logprobs" -> logprobs = Json.raw(parser);
                default -> { }
            }
            parser.skipChildren();
        }
        if (message == null) {
            throw ErrorDecoder.badResponse(WHAT);
        }
        expect(indexPlain && finishSeen); // the gateway writes both; an SDK may require them
        return new Choice(index, message, finish, logprobs);
    }

    private Message message(JsonParser parser) throws IOException {
        Role role = null;
        List<ContentPart> content = List.of();
        boolean contentSeen = false;
        List<ToolCall> toolCalls = List.of();
        String reasoningContent = null;
        String reasoning = null;
        String refusal = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "role" -> {
                    expect(role == null);
                    role = Role.fromWireName(orEmpty(Json.text(parser)));
                }
                case "content" -> {
                    expect(!contentSeen);
                    contentSeen = true;
                    content = switch (value) {
                        case VALUE_NULL -> List.of();
                        case VALUE_STRING -> List.of(new ContentPart.Text(parser.getText()));
                        case START_ARRAY -> {
                            irregular();
                            yield parts(Json.subtree(parser));
                        }
                        default -> throw ErrorDecoder.badResponse(WHAT);
                    };
                }
                case "tool_calls" -> {
                    expect(value == JsonToken.START_ARRAY);
                    toolCalls = value == JsonToken.START_ARRAY ? toolCalls(Json.subtree(parser)) : List.of();
                }
                case "reasoning_content" -> {
                    reasoningContent = Json.text(parser);
                    expect(reasoningContent != null || value == JsonToken.VALUE_NULL);
                }
                case "reasoning" -> {
                    reasoning = Json.text(parser);
                    expect(value == JsonToken.VALUE_NULL);
                }
                case "refusal" -> {
                    refusal = Json.text(parser);
                    expect(refusal != null || value == JsonToken.VALUE_NULL);
                }
                default -> { }
            }
            parser.skipChildren();
        }
        expect(role == Role.ASSISTANT && contentSeen);
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

    private List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> read = new ArrayList<>(calls.size());
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            expect(Json.text(call, "id") != null && "function".equals(Json.text(call, "type"))
                    && Json.text(function, "name") != null && Json.text(function, "arguments") != null);
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
