package dev.gatehouse.providers;

import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.ToolCall;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Folds stream events into what a complete response says, so a stream can be compared with a sync decode. */
public final class StreamAssembly {
    private StreamAssembly() {
    }

    /** What a completion says, provider-neutral. */
    public record Assembled(String model, Map<Integer, AssembledChoice> choices, Usage usage) {
    }

    /** One choice: text, reasoning and refusal ({@code ""} when none), tool calls in index order, finish reason. */
    public record AssembledChoice(String text, String reasoning, String refusal, List<ToolCall> toolCalls,
                                  FinishReason finish) {
    }

    /** A {@link StreamEvent.Failed} made comparable: exceptions have identity equality. */
    public record FailedView(String type, String message, String param, String code, int upstreamStatus,
                             String upstreamType) {
    }

    public static Assembled of(ChatResponse response) {
        Map<Integer, AssembledChoice> choices = new TreeMap<>();
        for (Choice choice : response.choices()) {
            String text = choice.message().textContent();
            String reasoning = choice.message().reasoning();
            String refusal = choice.message().refusal();
            choices.put(choice.index(), new AssembledChoice(text == null ? "" : text,
                    reasoning == null ? "" : reasoning, refusal == null ? "" : refusal, choice.message().toolCalls(),
                    choice.finishReason()));
        }
        return new Assembled(response.model(), choices, response.usage());
    }

    public static Assembled of(List<StreamEvent> events) {
        String model = null;
        Usage usage = null;
        Map<Integer, StringBuilder> texts = new TreeMap<>();
        Map<Integer, StringBuilder> reasonings = new TreeMap<>();
        Map<Integer, StringBuilder> refusals = new TreeMap<>();
        Map<Integer, Map<Integer, String[]>> calls = new TreeMap<>();
        Map<Integer, FinishReason> finishes = new TreeMap<>();
        for (StreamEvent event : events) {
            switch (event) {
                case StreamEvent.Started s -> model = s.model();
                case StreamEvent.TextDelta d -> texts.computeIfAbsent(d.choice(), k -> new StringBuilder())
                        .append(d.text());
                case StreamEvent.ReasoningDelta d -> reasonings.computeIfAbsent(d.choice(), k -> new StringBuilder())
                        .append(d.text());
                case StreamEvent.RefusalDelta d -> refusals.computeIfAbsent(d.choice(), k -> new StringBuilder())
                        .append(d.text());
                case StreamEvent.ToolCallDelta d -> {
                    String[] call = calls.computeIfAbsent(d.choice(), k -> new TreeMap<>())
                            .computeIfAbsent(d.index(), k -> new String[] {null, null, ""});
                    call[0] = call[0] == null ? d.id() : call[0];
                    call[1] = call[1] == null ? d.name() : call[1];
                    call[2] = call[2] + Objects.requireNonNullElse(d.argumentsFragment(), "");
                }
                case StreamEvent.UsageReported u -> usage = u.usage();
                case StreamEvent.Finished f -> finishes.put(f.choice(), f.reason());
                case StreamEvent.Failed f -> throw new AssertionError("stream failed: " + f.error().getMessage());
            }
        }
        Map<Integer, AssembledChoice> choices = new TreeMap<>();
        for (Integer index : union(texts.keySet(), reasonings.keySet(), refusals.keySet(), calls.keySet(),
                finishes.keySet())) {
            List<ToolCall> toolCalls = new ArrayList<>();
            for (String[] call : calls.getOrDefault(index, Map.of()).values()) {
                toolCalls.add(new ToolCall(Objects.requireNonNullElse(call[0], ""),
                        Objects.requireNonNullElse(call[1], ""), call[2]));
            }
            choices.put(index, new AssembledChoice(texts.getOrDefault(index, new StringBuilder()).toString(),
                    reasonings.getOrDefault(index, new StringBuilder()).toString(),
                    refusals.getOrDefault(index, new StringBuilder()).toString(), toolCalls, finishes.get(index)));
        }
        return new Assembled(model, choices, usage);
    }

    /** The events with {@link StreamEvent.Failed} replaced by a {@link FailedView}, so lists compare by value. */
    public static List<Object> comparable(List<StreamEvent> events) {
        List<Object> out = new ArrayList<>(events.size());
        for (StreamEvent event : events) {
            out.add(event instanceof StreamEvent.Failed f ? view(f.error()) : event);
        }
        return out;
    }

    public static FailedView view(GatewayException error) {
        if (error instanceof UpstreamException up) {
            return new FailedView(error.getClass().getSimpleName(), error.getMessage(), error.param(), error.code(),
                    up.upstreamStatus(), up.type());
        }
        return new FailedView(error.getClass().getSimpleName(), error.getMessage(), error.param(), error.code(), 0,
                null);
    }

    @SafeVarargs
    private static List<Integer> union(Set<Integer>... sets) {
        TreeSet<Integer> all = new TreeSet<>();
        for (Set<Integer> set : sets) {
            all.addAll(set);
        }
        return List.copyOf(all);
    }
}
