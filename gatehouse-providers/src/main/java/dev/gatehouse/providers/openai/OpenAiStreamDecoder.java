package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.providers.sse.SseEvent;
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
    private final Set<Integer> openChoices = new HashSet<>();
    private final Set<Integer> finishedChoices = new HashSet<>();
    private boolean started;
    private boolean ended;

    @Override
    public List<StreamEvent> feed(byte[] chunk, int offset, int length) {
        if (ended) {
            return List.of();
        }
        List<SseEvent> events;
        try {
            events = sse.feed(chunk, offset, length);
        } catch (UpstreamException e) {
            return fail(new ArrayList<>(1), e);
        }
        return events.isEmpty() ? List.of() : handle(events, false);
    }

    @Override
    public List<StreamEvent> finish() {
        if (ended) {
            return List.of();
        }
        List<StreamEvent> out = handle(sse.finish(), true);
        if (!ended) {
            boolean complete = !openChoices.isEmpty() && finishedChoices.containsAll(openChoices);
            if (!complete) {
                return fail(out, ErrorDecoder.truncated());
            }
            ended = true;
        }
        return out;
    }

    private List<StreamEvent> handle(List<SseEvent> events, boolean atEnd) {
        List<StreamEvent> out = new ArrayList<>(events.size() + 1);
        for (SseEvent event : events) {
            byte[] data = event.data();
            int from = 0;
            int to = data.length;
            while (from < to && isSpace(data[from])) {
                from++;
            }
            while (to > from && isSpace(data[to - 1])) {
                to--;
            }
            if (Arrays.equals(data, from, to, DONE, 0, DONE.length)) {
                ended = true;
                return out;
            }
            if (from == to) {
                continue;
            }
            StreamChunkReader.Chunk chunk;
            try {
                chunk = StreamChunkReader.read(data, from, to - from);
            } catch (IOException e) {
                if (atEnd) {
                    return out;
                }
                return fail(out, ErrorDecoder.badResponse(WHAT));
            } catch (RuntimeException e) {
                return fail(out, ErrorDecoder.badResponse(WHAT));
            }
            if (chunk == null) {
                if ("error".equals(event.event())) {
                    return fail(out, ErrorDecoder.badResponse(WHAT));
                }
                continue;
            }
            if (chunk.error() || "error".equals(event.event())) {
                return fail(out, inBandError(data));
            }
            try {
                translate(chunk, out);
            } catch (RuntimeException e) {
                return fail(out, ErrorDecoder.badResponse(WHAT));
            }
        }
        return out;
    }

    /** JSON's whitespace, which is what may surround a chunk or {@code [DONE]}. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** The error a chunk with an error object stands for (read again, whole: this is the rare path). */
    private static UpstreamException inBandError(byte[] data) {
        try {
            return ErrorDecoder.inBand(Json.READER.readTree(new String(data, StandardCharsets.UTF_8)));
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

    private List<StreamEvent> fail(List<StreamEvent> out, UpstreamException error) {
        ended = true;
        out.add(new StreamEvent.Failed(error));
        return out;
    }
}
