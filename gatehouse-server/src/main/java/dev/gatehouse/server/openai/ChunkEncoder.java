package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.Usage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * OpenAI {@code chat.completion.chunk} framing: the first chunk of every choice carries {@code role: "assistant"}
 * (choice 0's goes out as soon as the stream starts, for time to first byte); tool-call deltas carry their
 * {@code index}, and {@code id}, {@code type} and {@code function.name} on a call's first delta; usage, when asked
 * for, is one last chunk with {@code choices: []}; then {@code [DONE]}.
 */
final class ChunkEncoder implements SseEncoder {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final FrameBuffer pending = new FrameBuffer(512); // grows for a larger event
    private final boolean includeUsage;
    private final BitSet roleSent = new BitSet();
    private String id;
    private String model;
    private long created;
    private String systemFingerprint;
    private Usage usage;

    /** The fallbacks describe the stream until (unless) the upstream's {@link StreamEvent.Started} arrives. */
    ChunkEncoder(String fallbackId, String fallbackModel, long fallbackCreated, boolean includeUsage) {
        this.id = fallbackId;
        this.model = fallbackModel;
        this.created = fallbackCreated;
        this.includeUsage = includeUsage;
    }

    @FunctionalInterface
    private interface Delta {
        void write(JsonGenerator g) throws IOException;
    }

    @Override
    public void event(StreamEvent event) {
        switch (event) {
            case StreamEvent.Started s -> {
                id = s.id();
                model = s.model();
                created = s.created();
                systemFingerprint = s.systemFingerprint();
                ensureRole(0);
            }
            case StreamEvent.TextDelta d -> {
                ensureRole(d.choice());
                chunk(d.choice(), g -> g.writeStringField("content", d.text()), d.logprobs(), null);
            }
            case StreamEvent.ReasoningDelta d -> {
                ensureRole(d.choice());
                chunk(d.choice(), g -> g.writeStringField("reasoning_content", d.text()), null, null);
            }
            case StreamEvent.RefusalDelta d -> {
                ensureRole(d.choice());
                chunk(d.choice(), g -> g.writeStringField("refusal", d.text()), null, null);
            }
            case StreamEvent.ToolCallDelta d -> {
                ensureRole(d.choice());
                chunk(d.choice(), g -> toolCall(g, d), null, null);
            }
            case StreamEvent.Finished f -> {
                ensureRole(f.choice());
                FinishReason reason = f.reason() == null ? FinishReason.STOP : f.reason();
                chunk(f.choice(), g -> {
                }, null, reason.wireName());
            }
            case StreamEvent.UsageReported u -> usage = u.usage();
            case StreamEvent.Failed f -> throw new IllegalArgumentException("write failures with failure()");
        }
    }

    private void ensureRole(int choice) {
        if (!roleSent.get(choice)) {
            roleSent.set(choice);
            chunk(choice, g -> {
                g.writeStringField("role", "assistant");
                g.writeStringField("content", "");
            }, null, null);
        }
    }

    private static void toolCall(JsonGenerator g, StreamEvent.ToolCallDelta d) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        g.writeStartObject();
        g.writeNumberField("index", d.index());
        boolean first = d.id() != null || d.name() != null;
        if (d.id() != null) {
            g.writeStringField("id", d.id());
        }
        if (first) {
            g.writeStringField("type", "function");
        }
        g.writeObjectFieldStart("function");
        if (d.name() != null) {
            g.writeStringField("name", d.name());
        }
        g.writeStringField("arguments", d.argumentsFragment() == null ? "" : d.argumentsFragment());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
    }

    private void chunk(int choice, Delta delta, RawJson logprobs, String finishReason) {
        frame(g -> {
            g.writeStartObject();
            header(g);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", choice);
            g.writeObjectFieldStart("delta");
            delta.write(g);
            g.writeEndObject();
            ResponseWriter.rawOrNull(g, "logprobs", logprobs);
            g.writeStringField("finish_reason", finishReason);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void header(JsonGenerator g) throws IOException {
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
        if (systemFingerprint != null) {
            g.writeStringField("system_fingerprint", systemFingerprint);
        }
    }

    private void frame(Json.Writer writer) {
        pending.write(DATA);
        FrameWriter.write(pending, writer);
        pending.write(FRAME_END);
    }

    @Override
    public void end() {
        if (includeUsage && usage != null) {
            Usage u = usage;
            frame(g -> {
                g.writeStartObject();
                header(g);
                g.writeArrayFieldStart("choices");
                g.writeEndArray();
                g.writeFieldName("usage");
                ResponseWriter.usage(g, u);
                g.writeEndObject();
            });
        }
        pending.write(DONE);
    }

    @Override
    public void failure(String message, String type, String param, String code) {
        frame(g -> ResponseWriter.error(g, message, type, param, code));
        pending.write(DONE);
    }

    @Override
    public boolean hasPending() {
        return pending.size() > 0;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        pending.drainTo(out);
    }
}
