package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.providers.sse.SseParser;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes an OpenAI {@code chat.completion.chunk} event stream. The first chunk yields {@link StreamEvent.Started};
 * {@code data: [DONE]} ends the stream; an {@code error} object yields {@link StreamEvent.Failed}, after which nothing
 * is emitted. A stream that stops before {@code [DONE]} with a choice still open fails as {@code stream_truncated}; an
 * unreadable last line at the very end (a cut-off chunk) counts as that truncation, not as a malformed chunk.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final String WHAT = "stream chunk";

    private final SseParser sse = new SseParser();
    private final SseParser.Listener onEvent = this::event;
    private final Set<Integer> openChoices = new HashSet<>();
    private final Set<Integer> finishedChoices = new HashSet<>();
    private boolean started;
    private boolean ended;
    /** The stream ended: what {@link #finish} decodes. */
    private boolean atEnd;
    /** At the end of the stream, a chunk could not be read: what follows it is not decoded. */
    private boolean cutOff;
    private List<StreamEvent> out;

    @Override
    public List<StreamEvent> feed(byte[] chunk, int offset, int length) {
        if (ended) {
            return List.of();
        }
        try {
            sse.feed(chunk, offset, length, onEvent);
        } catch (UpstreamException e) {
            fail(e);
        }
        return taken();
    }

    @Override
    public List<StreamEvent> finish() {
        if (ended) {
            return List.of();
        }
        atEnd = true;
        sse.finish(onEvent);
        if (!ended) {
            boolean complete = !openChoices.isEmpty() && finishedChoices.containsAll(openChoices);
            if (!complete) {
                fail(ErrorDecoder.truncated());
            }
            ended = true;
        }
        return taken();
    }

    /** The events decoded since the last call, handed out. */
    private List<StreamEvent> taken() {
        List<StreamEvent> events = out == null ? List.of() : out;
        out = null;
        return events;
    }

    private List<StreamEvent> out() {
        if (out == null) {
            out = new ArrayList<>(4);
        }
        return out;
    }

    /** One SSE event, its data in {@code data[offset, offset + length)} (valid during this call only). */
    private void event(String name, byte[] data, int offset, int length) {
        if (ended || cutOff) {
            return;
        }
        int from = offset;
        int to = offset + length;
        while (from < to && Json.isSpace(data[from])) {
            from++;
        }
        while (to > from && Json.isSpace(data[to - 1])) {
            to--;
        }
        if (Arrays.equals(data, from, to, DONE, 0, DONE.length)) {
            ended = true;
            return;
        }
        if (from == to) {
            return;
        }
        StreamChunkReader.Chunk chunk;
        try {
            chunk = StreamChunkReader.read(data, from, to - from, !started);
        } catch (IOException e) {
            if (atEnd) {
                cutOff = true; // a chunk cut off by the end of the stream: the stream is truncated, not malformed
            } else {
                fail(ErrorDecoder.badResponse(WHAT));
            }
            return;
        } catch (RuntimeException e) {
            fail(ErrorDecoder.badResponse(WHAT));
            return;
        }
        if (chunk == null) {
            if ("error".equals(name)) {
                fail(ErrorDecoder.badResponse(WHAT));
            }
            return;
        }
        if (chunk.error() || "error".equals(name)) {
            fail(inBandError(new String(data, offset, length, StandardCharsets.UTF_8)));
            return;
        }
        try {
            translate(chunk, out());
        } catch (RuntimeException e) {
            fail(ErrorDecoder.badResponse(WHAT));
        }
    }

    /** The error a chunk with an error object stands for (read again, whole: this is the rare path). */
    private static UpstreamException inBandError(String data) {
        try {
            return ErrorDecoder.inBand(Json.READER.readTree(data));
        } catch (IOException e) {
            return ErrorDecoder.badResponse(WHAT);
        }
    }

    private void translate(StreamChunkReader.Chunk chunk, List<StreamEvent> out) {
        if (!started) {
            started = true;
            out.add(new StreamEvent.Started(ChatResponseReader.orEmpty(chunk.id()),
                    ChatResponseReader.orEmpty(chunk.model()), chunk.created(), chunk.fingerprint()));
        }
        for (StreamChunkReader.ChoiceDelta choice : chunk.choices()) {
            choice(choice, out);
        }
        if (chunk.usage() != null) {
            out.add(new StreamEvent.UsageReported(chunk.usage()));
        }
    }

    private void choice(StreamChunkReader.ChoiceDelta delta, List<StreamEvent> out) {
        int index = delta.index();
        openChoices.add(index);
        if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
            out.add(new StreamEvent.ReasoningDelta(index, delta.reasoning()));
        }
        String content = delta.content();
        if (content != null && (!content.isEmpty() || delta.logprobs() != null)) {
            out.add(new StreamEvent.TextDelta(index, content, delta.logprobs()));
        }
        if (delta.refusal() != null && !delta.refusal().isEmpty()) {
            out.add(new StreamEvent.RefusalDelta(index, delta.refusal()));
        }
        JsonNode toolCalls = delta.toolCalls();
        if (toolCalls != null) {
            for (int i = 0; i < toolCalls.size(); i++) {
                toolCall(index, toolCalls.get(i), i, out);
            }
        }
        if (delta.finishReason() != null && finishedChoices.add(index)) {
            out.add(new StreamEvent.Finished(index, FinishReason.fromWireName(delta.finishReason())));
        }
    }

    private static void toolCall(int choice, JsonNode call, int position, List<StreamEvent> out) {
        JsonNode function = call.path("function");
        String id = Json.text(call, "id");
        String name = Json.text(function, "name");
        String arguments = Json.textOrJson(function.get("arguments"));
        if (id != null || name != null || arguments != null) {
            out.add(new StreamEvent.ToolCallDelta(choice, Json.integer(call, "index", position), id, name, arguments));
        }
    }

    private void fail(UpstreamException error) {
        ended = true;
        out().add(new StreamEvent.Failed(error));
    }
}
