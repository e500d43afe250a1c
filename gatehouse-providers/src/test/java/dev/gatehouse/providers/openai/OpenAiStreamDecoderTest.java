package dev.gatehouse.providers.openai;

import dev.gatehouse.providers.Fixtures;
import dev.gatehouse.providers.sse.SseParser;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.RawJson;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.StreamEvent.Failed;
import dev.gatehouse.spi.StreamEvent.Finished;
import dev.gatehouse.spi.StreamEvent.ReasoningDelta;
import dev.gatehouse.spi.StreamEvent.RefusalDelta;
import dev.gatehouse.spi.StreamEvent.Started;
import dev.gatehouse.spi.StreamEvent.TextDelta;
import dev.gatehouse.spi.StreamEvent.ToolCallDelta;
import dev.gatehouse.spi.StreamEvent.UsageReported;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiStreamDecoderTest {
    private final OpenAiCodec codec = new OpenAiCodec();

    private List<StreamEvent> decode(byte[] body) {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>(decoder.feed(body, 0, body.length));
        events.addAll(decoder.finish());
        return events;
    }

    private List<StreamEvent> decode(String body) {
        return decode(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String chunk(String choices) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + choices + "}\n\n";
    }

    private static UpstreamException failure(List<StreamEvent> events) {
        assertThat(events.getLast()).isInstanceOf(Failed.class);
        return (UpstreamException) ((Failed) events.getLast()).error();
    }

    @Test
    void plainTextStream() {
        List<StreamEvent> events = decode(Fixtures.bytes("openai/stream-text.sse"));

        assertThat(events.getFirst()).isEqualTo(new Started("chatcmpl-B9MHEtCkpCLhBXyHOUbPSLodTbHlx",
                "gpt-4o-mini-2024-07-18", 1741570284L, "fp_06737a9306"));
        assertThat(events.subList(1, 13)).extracting(e -> ((TextDelta) e).text()).containsExactly("Bonjour", " !",
                " 👋", " Ravi", " de", " vous", " rencontrer", " —", " comment", " ça", " va", " ?");
        assertThat(events.subList(13, events.size())).containsExactly(new Finished(0, FinishReason.STOP),
                new UsageReported(new Usage(19, 14, 33, 0, 0, 0)));
    }

    @Test
    void parallelToolCallStream() {
        List<StreamEvent> events = decode(Fixtures.bytes("openai/stream-tool-calls.sse"));

        List<ToolCallDelta> deltas = events.stream().filter(ToolCallDelta.class::isInstance)
                .map(ToolCallDelta.class::cast).toList();
        assertThat(deltas).filteredOn(d -> d.id() != null).containsExactly(
                new ToolCallDelta(0, 0, "call_8qty3LUuJKF7mPGsiAp6gBVn", "get_weather", ""),
                new ToolCallDelta(0, 1, "call_Hx2GnpxRh1yLWuEYsDnXhKqP", "get_weather", ""));
        assertThat(deltas).filteredOn(d -> d.index() == 1 && d.id() == null).hasSize(14)
                .allSatisfy(d -> assertThat(d.name()).isNull());
        assertThat(events).doesNotHaveAnyElementsOfTypes(TextDelta.class);
        assertThat(events).contains(new Finished(0, FinishReason.TOOL_CALLS));
    }

    @Test
    void anErrorChunkFailsTheStreamAndNothingFollows() {
        StreamDecoder decoder = codec.newStreamDecoder();
        byte[] body = Fixtures.bytes("openai/stream-error.sse");
        List<StreamEvent> events = new ArrayList<>(decoder.feed(body, 0, body.length));

        UpstreamException error = failure(events);
        assertThat(error.upstreamStatus()).isEqualTo(500);
        assertThat(error.type()).isEqualTo("server_error");
        assertThat(error.getMessage()).startsWith("The server had an error");
        assertThat(error.retryable()).isTrue();
        assertThat(events).filteredOn(TextDelta.class::isInstance).hasSize(4);
        assertThat(decoder.feed(body, 0, body.length)).isEmpty();
        assertThat(decoder.finish()).isEmpty();
    }

    @Test
    void namedErrorEventsFailToo() {
        List<StreamEvent> events = decode(
                "event: error\ndata: {\"message\":\"overloaded\",\"type\":\"overloaded_error\"}\n\n");

        assertThat(events).hasSize(1);
        assertThat(failure(events).upstreamStatus()).isEqualTo(503);
        assertThat(failure(events).getMessage()).isEqualTo("overloaded");
    }

    @Test
    void aStreamCutBeforeItFinishesIsTruncated() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]"));

        assertThat(events).hasSize(3);
        UpstreamException error = failure(events);
        assertThat(error.upstreamStatus()).isEqualTo(502);
        assertThat(error.code()).isEqualTo("stream_truncated");
        assertThat(failure(decode("")).code()).isEqualTo("stream_truncated");
    }

    @Test
    void aFinishedStreamWithoutDoneIsComplete() {
        List<StreamEvent> events = decode(
                chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]") + "data: [DO");

        assertThat(events).last().isEqualTo(new Finished(0, FinishReason.STOP));
    }

    @Test
    void everyChoiceMustFinish() {
        String twoChoices = chunk(
                "[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]")
                + chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]");

        assertThat(failure(decode(twoChoices)).code()).isEqualTo("stream_truncated");
        assertThat(decode(twoChoices + chunk("[{\"index\":1,\"delta\":{},\"finish_reason\":\"length\"}]")))
                .last().isEqualTo(new Finished(1, FinishReason.LENGTH));
    }

    @Test
    void doneEndsTheStream() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"content\":\"a\"}}]") + "data: [DONE]\n\n"
                + chunk("[{\"index\":0,\"delta\":{\"content\":\"after\"}}]") + "data: {not json\n\n");

        assertThat(events).hasSize(2).last().isEqualTo(new TextDelta(0, "a", null));
    }

    @Test
    void aMalformedChunkMidStreamIsABadUpstreamResponse() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"content\":\"a\"}}]")
                + "data: {\"id\":internal-host\n\n" + chunk("[{\"index\":0,\"delta\":{\"content\":\"b\"}}]"));

        assertThat(events).hasSize(3);
        assertThat(failure(events).code()).isEqualTo("bad_upstream_response");
        assertThat(failure(events).getMessage()).doesNotContain("internal-host");
    }

    @Test
    void sseVariantsFromCompatibleHosts() {
        String body = ": ping\r\n\r\ndata:{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\r\n"
                + "data: \"delta\":{\"reasoning\":\"hmm\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":null}\r\n\r\n"
                + "data: {\"id\":\"x\",\"model\":\"m\",\"choices\":null,"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\r\n\r\n"
                + "data: [DONE]\r\n\r\n";

        assertThat(decode(body)).containsExactly(new Started("x", "m", 0, null), new ReasoningDelta(0, "hmm"),
                new TextDelta(0, "ok", null), new Finished(0, FinishReason.STOP),
                new UsageReported(new Usage(3, 2, 5, 0, 0, 0)));
    }

    @Test
    void aStrayByteThatIsNotUtf8IsReadAsAReplacementCharacterAndDoneMayBePadded() {
        byte[] head = (chunk("[{\"index\":0,\"delta\":{\"content\":\"caf\u00e9 X\"}}]")).getBytes(StandardCharsets.UTF_8);
        int x = new String(head, StandardCharsets.ISO_8859_1).indexOf(" X");
        head[x + 1] = (byte) 0xFF;
        byte[] tail = (chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]") + "data:  [DONE] \t\n\n"
                + chunk("[{\"index\":0,\"delta\":{\"content\":\"after the end\"}}]")).getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, body, head.length, tail.length);

        assertThat(decode(body)).containsExactly(new Started("c1", "m", 1, null),
                new TextDelta(0, "caf\u00e9 \uFFFD", null), new Finished(0, FinishReason.STOP));
    }

    @Test
    void logprobsRideOnTheirTextDelta() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":"
                + "{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.0001,\"bytes\":[72,105],\"top_logprobs\":[]}]}}]"));

        assertThat(events.get(1)).isEqualTo(new TextDelta(0, "Hi", RawJson.of(
                "{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.0001,\"bytes\":[72,105],\"top_logprobs\":[]}]}")));
    }

    @Test
    void aRefusalStreamsAsRefusalDeltasAndNotAsText() {
        List<StreamEvent> events = decode(Fixtures.bytes("openai/stream-refusal.sse"));

        assertThat(events).doesNotHaveAnyElementsOfTypes(TextDelta.class);
        assertThat(events).filteredOn(RefusalDelta.class::isInstance).extracting(e -> ((RefusalDelta) e).text())
                .containsExactly("I'm", " sorry", ",", " I", " can't", " assist", " with", " that", " request", ".");
        assertThat(events).filteredOn(RefusalDelta.class::isInstance)
                .allSatisfy(e -> assertThat(((RefusalDelta) e).choice()).isZero());
        assertThat(events.getLast()).isEqualTo(new UsageReported(new Usage(73, 11, 84, 0, 0, 0)));
        assertThat(events).contains(new Finished(0, FinishReason.STOP));
    }

    @Test
    void refusalsBesideContentKeepTheirChoiceAndEmptyOrNullRefusalsEmitNothing() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"content\":\"\",\"refusal\":null}},"
                + "{\"index\":1,\"delta\":{\"refusal\":\"\"}}]")
                + chunk("[{\"index\":1,\"delta\":{\"refusal\":\"No.\"}},{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]"));

        assertThat(events.subList(1, events.size() - 1)).containsExactly(new RefusalDelta(1, "No."),
                new TextDelta(0, "Hi", null));
    }

    @Test
    void repeatedFinishReasonsAreReportedOnce() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]")
                + chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]") + "data: [DONE]\n\n");

        assertThat(events).filteredOn(Finished.class::isInstance).hasSize(1);
    }

    @Test
    void toolCallsWithoutAnIndexUseTheirPosition() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"tool_calls\":["
                + "{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}},"
                + "{\"id\":\"b\",\"function\":{\"name\":\"g\"}}]},\"finish_reason\":\"tool_calls\"}]"));

        assertThat(events).contains(new ToolCallDelta(0, 0, "a", "f", "{\"x\":1}"),
                new ToolCallDelta(0, 1, "b", "g", null));
    }

    @Test
    void anErrorObjectAfterTheChoicesOfItsChunkStillWinsAndTheChoicesAreNotEmitted() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"content\":\"a\"}}]")
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"}],"
                + "\"error\":{\"message\":\"quota\",\"code\":429}}\n\n");

        assertThat(events).hasSize(3);
        assertThat(events.get(1)).isEqualTo(new TextDelta(0, "a", null));
        assertThat(failure(events).upstreamStatus()).isEqualTo(429);
    }

    @Test
    void theStartComesFirstWhereverItsFieldsAreAndOddValuesAreSteppedOver() {
        List<StreamEvent> events = decode("data: {\"choices\":[7,{\"delta\":{\"content\":\"x\",\"role\":{\"r\":1},"
                + "\"reasoning\":\"why\",\"reasoning_content\":\"because\"},\"extra\":[[1],{\"a\":2}],"
                + "\"finish_reason\":{\"no\":1}},{\"index\":5,\"delta\":[1,2],\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4},\"created\":\"12\",\"model\":[\"no\"],"
                + "\"id\":\"late\"}\n\ndata: [DONE]\n\n");

        assertThat(events).containsExactly(new Started("late", "", 12, null),
                new StreamEvent.ReasoningDelta(1, "because"), new TextDelta(1, "x", null),
                new Finished(5, FinishReason.LENGTH), new UsageReported(new Usage(3, 4, 7, 0, 0, 0)));
    }

    @Test
    void dataThatIsJsonButNotAnObjectIsSkippedAndMalformedDataIsNot() {
        assertThat(decode("data: 42\n\ndata: [1,2]\n\n" + chunk("[{\"delta\":{\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}]") + "data: [DONE]\n\n")).hasSize(3);
        assertThat(failure(decode("data: [1,2\n\n" + chunk("[]"))).code()).isEqualTo("bad_upstream_response");
        assertThat(failure(decode("data: {\"choices\":[]} {}\n\n" + chunk("[]"))).code())
                .as("trailing content").isEqualTo("bad_upstream_response");
    }

    @Test
    void emptyDeltasAndRoleOnlyChunksEmitNothing() {
        List<StreamEvent> events = decode(chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]")
                + chunk("[{\"index\":0,\"delta\":{\"content\":null,\"tool_calls\":[]}}]") + "data: [DONE]\n\n");

        assertThat(events).containsExactly(new Started("c1", "m", 1, null));
    }

    @Test
    void corruptedStreamsNeverThrowAndNothingFollowsAFailure() {
        java.util.Random random = new java.util.Random(3);
        byte[] valid = Fixtures.bytes("openai/stream-tool-calls.sse");
        for (int i = 0; i < 500; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 0; flips < 1 + random.nextInt(6); flips++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            List<StreamEvent> events = decode(mutated);
            for (int e = 0; e < events.size() - 1; e++) {
                assertThat(events.get(e)).isNotInstanceOf(Failed.class);
            }
            assertThat(events).filteredOn(Failed.class::isInstance)
                    .allSatisfy(f -> assertThat(((Failed) f).error()).isInstanceOf(UpstreamException.class));
        }
    }

    @Test
    void eventsBeforeAnOverlongEventReachTheClientAheadOfTheFailure() {
        byte[] first = chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]")
                .getBytes(StandardCharsets.UTF_8);
        byte[] feed = Arrays.copyOf(first, first.length + SseParser.DEFAULT_MAX_EVENT_BYTES + 16);
        byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, feed, first.length, prefix.length);
        Arrays.fill(feed, first.length + prefix.length, feed.length, (byte) 'x');

        List<StreamEvent> events = codec.newStreamDecoder().feed(feed, 0, feed.length);

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new Started("c1", "m", 1, null));
        assertThat(events.get(1)).isEqualTo(new TextDelta(0, "Hi", null));
        assertThat(failure(events).code()).isEqualTo("stream_event_too_large");
    }
}
