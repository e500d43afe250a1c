package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.Embedding;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.ProviderBody;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.Usage;

import java.io.IOException;
import java.util.List;

/** Canonical responses → OpenAI JSON bytes, with Jackson's streaming generator. */
final class ResponseWriter {
    private ResponseWriter() {
    }

    /**
     * The response's own provider bytes when they are an OpenAI completion (the provider's fields the gateway does not
     * model reach the client with it), else the canonical response encoded.
     */
    static byte[] chatCompletion(ChatResponse response) {
        ProviderBody source = response.source();
        if (source != null && source.in(ProviderBody.OPENAI)) {
            return source.bytes();
        }
        return Json.bytes(512, g -> {
            g.writeStartObject();
            g.writeStringField("id", response.id());
            g.writeStringField("object", "chat.completion");
            g.writeNumberField("created", response.created());
            g.writeStringField("model", response.model());
            g.writeArrayFieldStart("choices");
            for (Choice choice : response.choices()) {
                choice(g, choice);
            }
            g.writeEndArray();
            if (response.usage() != null) {
                g.writeFieldName("usage");
                usage(g, response.usage());
            }
            if (response.systemFingerprint() != null) {
                g.writeStringField("system_fingerprint", response.systemFingerprint());
            }
            g.writeEndObject();
        });
    }

    private static void choice(JsonGenerator g, Choice choice) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", choice.index());
        Message m = choice.message();
        g.writeObjectFieldStart("message");
        g.writeStringField("role", m.role().wireName());
        g.writeStringField("content", m.textContent());
        g.writeStringField("refusal", m.refusal());
        if (!m.toolCalls().isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                g.writeStartObject();
                g.writeStringField("id", call.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", call.name());
                g.writeStringField("arguments", call.arguments());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (m.reasoning() != null) {
            g.writeStringField("reasoning_content", m.reasoning());
        }
        g.writeEndObject();
        rawOrNull(g, "logprobs", choice.logprobs());
        g.writeStringField("finish_reason", choice.finishReason() == null ? null : choice.finishReason().wireName());
        g.writeEndObject();
    }

    static void usage(JsonGenerator g, Usage usage) throws IOException {
        g.writeStartObject();
        g.writeNumberField("prompt_tokens", usage.promptTokens());
        g.writeNumberField("completion_tokens", usage.completionTokens());
        g.writeNumberField("total_tokens", usage.totalTokens());
        g.writeObjectFieldStart("prompt_tokens_details");
        g.writeNumberField("cached_tokens", usage.cachedTokens());
        g.writeEndObject();
        g.writeObjectFieldStart("completion_tokens_details");
        g.writeNumberField("reasoning_tokens", usage.reasoningTokens());
        g.writeEndObject();
        g.writeEndObject();
    }

    static void rawOrNull(JsonGenerator g, String field, RawJson raw) throws IOException {
        g.writeFieldName(field);
        if (raw == null) {
            g.writeNull();
        } else {
            g.writeRawValue(raw.json());
        }
    }

    static byte[] embeddings(EmbeddingResponse response) {
        int hint = 128;
        for (Embedding e : response.data()) {
            hint += 40 + (e.vector() != null ? e.vector().length * 12 : e.base64().length());
        }
        return Json.bytes(hint, g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (Embedding e : response.data()) {
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", e.index());
                g.writeFieldName("embedding");
                if (e.vector() != null) {
                    float[] v = e.vector();
                    g.writeStartArray(v, v.length);
                    for (float f : v) {
                        g.writeNumber(f);
                    }
                    g.writeEndArray();
                } else {
                    g.writeString(e.base64());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", response.model());
            Usage usage = response.usage() == null ? Usage.ZERO : response.usage();
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", usage.promptTokens());
            g.writeNumberField("total_tokens", usage.totalTokens());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static byte[] models(List<ModelInfo> models) {
        return Json.bytes(64 + models.size() * 96, g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (ModelInfo model : models) {
                model(g, model);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static byte[] model(ModelInfo model) {
        return Json.bytes(128, g -> model(g, model));
    }

    private static void model(JsonGenerator g, ModelInfo model) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", model.id());
        g.writeStringField("object", "model");
        g.writeNumberField("created", model.created());
        g.writeStringField("owned_by", model.ownedBy());
        g.writeEndObject();
    }

    static byte[] error(String message, String type, String param, String code) {
        return Json.bytes(160, g -> error(g, message, type, param, code));
    }

    static void error(JsonGenerator g, String message, String type, String param, String code) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("error");
        g.writeStringField("message", message);
        g.writeStringField("type", type);
        g.writeStringField("param", param);
        g.writeStringField("code", code);
        g.writeEndObject();
        g.writeEndObject();
    }
}
