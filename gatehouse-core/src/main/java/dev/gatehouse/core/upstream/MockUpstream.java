package dev.gatehouse.core.upstream;

import dev.gatehouse.core.EventStream;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.EmbeddingResponse;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.Usage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in {@code mock} provider: answers in-process, deterministically, with no credentials, so a new gateway
 * works before any provider key is configured. It replies with a fixed sentence quoting the last user message (or the
 * request's {@code mock_response} field, as LiteLLM does); when tools are offered and the last turn is the user's, it
 * calls the first (or the chosen) tool.
 */
public final class MockUpstream implements Upstream {
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public MockUpstream(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        MockReply reply = MockReply.of(request);
        int n = request.params().n() == null ? 1 : request.params().n();
        List<Choice> choices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Message message = reply.toolCall() != null
                    ? new Message(Role.ASSISTANT, List.of(), null, List.of(reply.toolCall()), null, null, null)
                    : Message.text(Role.ASSISTANT, reply.text());
            choices.add(new Choice(i, message, reply.finishReason(), null));
        }
        Usage usage = Usage.of(reply.promptTokens(), (long) reply.completionTokens() * n);
        return new ChatResponse(nextId(), request.model(), clock.instant().getEpochSecond(), choices, usage, null);
    }

    @Override
    public EventStream stream(ChatRequest request) {
        MockReply reply = MockReply.of(request);
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Started(nextId(), request.model(), clock.instant().getEpochSecond(), null));
        ToolCall call = reply.toolCall();
        if (call != null) {
            events.add(new StreamEvent.ToolCallDelta(0, 0, call.id(), call.name(), ""));
            events.add(new StreamEvent.ToolCallDelta(0, 0, null, null, call.arguments()));
        } else {
            for (String word : MockReply.words(reply.text())) {
                events.add(new StreamEvent.TextDelta(0, word, null));
            }
        }
        events.add(new StreamEvent.Finished(0, reply.finishReason()));
        events.add(new StreamEvent.UsageReported(Usage.of(reply.promptTokens(), reply.completionTokens())));
        Iterator<StreamEvent> it = events.iterator();
        return new EventStream() {
            @Override
            public StreamEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public boolean hasBuffered() {
                return it.hasNext();
            }

            @Override
            public boolean whenReady(Runnable ready) {
                return true; // every event is at hand from the start
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return MockEmbeddings.embed(request);
    }

    // In-process and never waiting: the async forms answer at once, on the caller's thread.

    @Override
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        return Offload.now(() -> chat(request));
    }

    @Override
    public CompletableFuture<EventStream> streamAsync(ChatRequest request) {
        return Offload.now(() -> stream(request));
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
        return Offload.now(() -> embed(request));
    }

    private String nextId() {
        return "chatcmpl-mock-" + sequence.incrementAndGet();
    }

    /** The reply the mock gives to one request. */
    record MockReply(String text, ToolCall toolCall, FinishReason finishReason, int promptTokens,
                     int completionTokens) {

        static MockReply of(ChatRequest request) {
            int promptTokens = 0;
            String lastUser = "";
            for (Message m : request.messages()) {
                String text = m.textContent();
                if (text != null) {
                    promptTokens += estimateTokens(text);
                    if (m.role() == Role.USER) {
                        lastUser = text;
                    }
                }
            }
            promptTokens += 3 * request.messages().size();
            ToolCall call = toolCall(request);
            if (call != null) {
                return new MockReply(null, call, FinishReason.TOOL_CALLS, promptTokens, 8);
            }
            String text = mockResponse(request);
            if (text == null) {
                String quoted = lastUser.length() > 200 ? lastUser.substring(0, 200) + "…" : lastUser;
                text = "This is a mock response from Gatehouse. You said: " + quoted;
            }
            Integer max = request.params().effectiveMaxTokens();
            List<String> words = words(text);
            if (max != null && max < words.size()) {
                return new MockReply(String.join("", words.subList(0, max)), null, FinishReason.LENGTH, promptTokens,
                        max);
            }
            return new MockReply(text, null, FinishReason.STOP, promptTokens, words.size());
        }

        private static String mockResponse(ChatRequest request) {
            var raw = request.extra().get("mock_response");
            if (raw == null) {
                return null;
            }
            String json = raw.json().strip();
            if (json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"")) {
                return JsonStrings.unquote(json);
            }
            return json;
        }

        private static ToolCall toolCall(ChatRequest request) {
            if (request.tools().isEmpty() || request.messages().isEmpty()
                    || request.messages().getLast().role() != Role.USER) {
                return null;
            }
            String choice = request.toolChoice() == null ? "\"auto\"" : request.toolChoice().json().strip();
            if (choice.equals("\"none\"")) {
                return null;
            }
            String name = request.tools().getFirst().name();
            for (var tool : request.tools()) {
                if (choice.contains("\"" + tool.name() + "\"")) {
                    name = tool.name();
                }
            }
            return new ToolCall("call_mock_" + Integer.toHexString(name.hashCode() & 0xffffff), name, "{}");
        }

        /** The text cut into streaming pieces: each word with the space before it. */
        static List<String> words(String text) {
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 1; i < text.length(); i++) {
                if (text.charAt(i) == ' ') {
                    out.add(text.substring(start, i));
                    start = i;
                }
            }
            if (start < text.length()) {
                out.add(text.substring(start));
            }
            return out;
        }

        static int estimateTokens(String text) {
            return Math.max(1, (text.length() + 3) / 4);
        }
    }
}
