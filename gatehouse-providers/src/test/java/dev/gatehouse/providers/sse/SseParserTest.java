package dev.gatehouse.providers.sse;

import dev.gatehouse.spi.UpstreamException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseParserTest {

    private static List<SseEvent> parse(String stream) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(stream.getBytes(StandardCharsets.UTF_8)));
        events.addAll(parser.finish());
        return events;
    }

    private static List<SseEvent> parseByteByByte(byte[] stream) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            events.addAll(parser.feed(stream, i, 1));
        }
        events.addAll(parser.finish());
        return events;
    }

    private static SseEvent message(String data) {
        return new SseEvent("message", data);
    }

    @Test
    void lfCrlfAndCrLineEndingsAreEquivalent() {
        String lf = "data: one\n\ndata: two\n\n";
        assertThat(parse(lf)).containsExactly(message("one"), message("two"));
        assertThat(parse(lf.replace("\n", "\r\n"))).containsExactly(message("one"), message("two"));
        assertThat(parse(lf.replace("\n", "\r"))).containsExactly(message("one"), message("two"));
        assertThat(parse("data: a\r\n\ndata: b\r\r\n")).containsExactly(message("a"), message("b"));
    }

    @Test
    void crlfSplitBetweenChunksIsOneLineBreak() {
        SseParser parser = new SseParser();
        byte[] bytes = "data: x\r\n\r\ndata: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<SseEvent> events = new ArrayList<>();
        events.addAll(parser.feed(bytes, 0, 8));
        events.addAll(parser.feed(bytes, 8, 1));
        assertThat(events).as("the LF after a CR in the previous chunk ends no second line").isEmpty();
        events.addAll(parser.feed(bytes, 9, 1));
        assertThat(events).as("the next CR ends the blank line").containsExactly(message("x"));
        events.addAll(parser.feed(bytes, 10, 1));
        assertThat(events).containsExactly(message("x"));
        events.addAll(parser.feed(bytes, 11, bytes.length - 11));
        assertThat(events).containsExactly(message("x"), message("y"));
    }

    @Test
    void commentsAreIgnored() {
        assertThat(parse(": keep-alive\n\n:ping\ndata: a\n: in the middle\ndata: b\n\n"))
                .containsExactly(message("a\nb"));
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertThat(parse("data: {\"a\":\ndata: 1}\n\n")).containsExactly(message("{\"a\":\n1}"));
        assertThat(parse("data\ndata\n\n")).as("a data field without a colon has an empty value")
                .containsExactly(message("\n"));
    }

    @Test
    void spaceAfterColonIsOptionalAndOnlyOneIsDropped() {
        assertThat(parse("data:x\n\ndata: x\n\ndata:  x\n\n"))
                .containsExactly(message("x"), message("x"), message(" x"));
    }

    @Test
    void eventNameAppliesToOneEvent() {
        assertThat(parse("event: error\ndata: boom\n\ndata: next\n\n"))
                .containsExactly(new SseEvent("error", "boom"), message("next"));
        assertThat(parse("event: ping\n\ndata: after\n\n")).as("an event without data dispatches nothing")
                .containsExactly(message("after"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(parse("id: 7\nretry: 1000\nfoo: bar\ndata: x\n\n")).containsExactly(message("x"));
    }

    @Test
    void emptyDataIsStillAnEvent() {
        assertThat(parse("data:\n\n")).containsExactly(message(""));
        assertThat(parse("\n\n\n")).isEmpty();
    }

    @Test
    void multiByteCharactersSplitAcrossChunksDecodeIntact() {
        String text = "data: café 👋 日本語 — ok\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(parseByteByByte(bytes)).containsExactly(message("café 👋 日本語 — ok"));
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseParser parser = new SseParser();
            List<SseEvent> events = new ArrayList<>(parser.feed(bytes, 0, cut));
            events.addAll(parser.feed(bytes, cut, bytes.length - cut));
            assertThat(events).as("cut at %d", cut).containsExactly(message("café 👋 日本語 — ok"));
        }
    }

    @Test
    void leadingByteOrderMarkIsIgnoredOnlyAtStreamStart() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] stream = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, stream, 0, 3);
        System.arraycopy(body, 0, stream, 3, body.length);
        assertThat(parseByteByByte(stream)).containsExactly(message("x"));
        assertThat(parse("data: a\n\n\uFEFFdata: b\n\n")).as("a later BOM is part of the field name")
                .containsExactly(message("a"));
    }

    @Test
    void finishDispatchesAnEventMissingItsBlankLine() {
        assertThat(parse("data: a\n\ndata: b\n")).containsExactly(message("a"), message("b"));
        assertThat(parse("data: [DONE]")).containsExactly(message("[DONE]"));
        assertThat(parse("event: x\n")).isEmpty();
    }

    @Test
    void feedHonoursOffsetAndLength() {
        byte[] buffer = "XXXXdata: inside\n\nYYYY".getBytes(StandardCharsets.US_ASCII);
        SseParser parser = new SseParser();
        assertThat(parser.feed(buffer, 4, buffer.length - 8)).containsExactly(message("inside"));
        assertThat(parser.feed(buffer, 0, 0)).isEmpty();
        assertThatThrownBy(() -> parser.feed(buffer, 20, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void anOversizedEventFailsAsAnUpstreamError() {
        SseParser parser = new SseParser(64);
        byte[] line = ("data: " + "x".repeat(100) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> parser.feed(line, 0, line.length))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.upstreamStatus()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("stream_event_too_large");
                });
        SseParser manyLines = new SseParser(64);
        byte[] lines = "data: 0123456789\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> manyLines.feed(lines, 0, lines.length)).isInstanceOf(UpstreamException.class);
    }

    @Test
    void theBoundAppliesPerEvent() {
        SseParser parser = new SseParser(64);
        byte[] event = "data: 0123456789012345678901234567890123456789\n\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            assertThat(parser.feed(event, 0, event.length)).hasSize(1);
        }
    }

    @Test
    void longLinesGrowTheBuffer() {
        String big = "é".repeat(10_000);
        assertThat(parseByteByByte(("data: " + big + "\n\n").getBytes(StandardCharsets.UTF_8)))
                .containsExactly(message(big));
    }

    @Test
    void whereTheBytesAreSplitNeverChangesTheEvents() {
        // Lines whole in one feed are parsed in place, lines split across feeds are gathered first: both must agree.
        byte[] stream = ("\uFEFFevent: delta\r\ndata: {\"a\":\"caf\u00e9\"}\r\n\r\n: keep-alive\n"
                + "data: one\ndata:two\rdata:  three\r\n\nid: 7\ndata\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        List<SseEvent> expected = List.of(new SseEvent("delta", "{\"a\":\"caf\u00e9\"}"),
                message("one\ntwo\n three"), message(""), message("[DONE]"));
        SseParser whole = new SseParser();
        List<SseEvent> once = new ArrayList<>(whole.feed(stream));
        once.addAll(whole.finish());
        assertThat(once).containsExactlyElementsOf(expected);
        assertThat(parseByteByByte(stream)).containsExactlyElementsOf(expected);
        for (int split = 1; split < stream.length; split++) {
            SseParser parser = new SseParser();
            List<SseEvent> events = new ArrayList<>(parser.feed(stream, 0, split));
            events.addAll(parser.feed(stream, split, stream.length - split));
            events.addAll(parser.finish());
            assertThat(events).as("split at %d", split).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theBoundAppliesToALineThatArrivesWhole() {
        SseParser parser = new SseParser(64);
        byte[] ok = ("data: " + "x".repeat(50) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.feed(ok, 0, ok.length)).hasSize(1);
        byte[] tooLong = ("data: " + "x".repeat(60) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> parser.feed(tooLong, 0, tooLong.length)).isInstanceOf(UpstreamException.class);
    }

    /** Collects what a listener is handed, copying it out during the call (as the listener contract requires). */
    private static final class Recorder implements SseParser.Listener {
        final List<SseEvent> events = new ArrayList<>();
        final List<byte[]> arrays = new ArrayList<>();

        @Override
        public void event(String name, byte[] bytes, int offset, int length) {
            events.add(new SseEvent(name, Arrays.copyOfRange(bytes, offset, offset + length)));
            arrays.add(bytes);
        }
    }

    @Test
    void aOneLineEventIsHandedToTheListenerWhereItLies() {
        byte[] chunk = "data: {\"a\":1}\n\nevent: x\ndata: two\ndata: lines\n\n".getBytes(StandardCharsets.UTF_8);
        Recorder recorder = new Recorder();

        new SseParser().feed(chunk, 0, chunk.length, recorder);

        assertThat(recorder.events).containsExactly(message("{\"a\":1}"), new SseEvent("x", "two\nlines"));
        assertThat(recorder.arrays.get(0)).isSameAs(chunk);
        assertThat(recorder.arrays.get(1)).isNotSameAs(chunk);
    }

    @Test
    void whatTheListenerIsHandedNeverDependsOnTheCallersArrayAfterTheFeed() {
        // The caller reuses its buffer once a feed returns: a data line whose event ends in a later feed is kept.
        byte[] stream = ("event: delta\ndata: {\"a\":\"caf\u00e9\"}\n\ndata: one\ndata: two\n\n"
                + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        List<SseEvent> expected = List.of(new SseEvent("delta", "{\"a\":\"caf\u00e9\"}"), message("one\ntwo"),
                message("[DONE]"));
        for (int split = 1; split < stream.length; split++) {
            SseParser parser = new SseParser();
            Recorder recorder = new Recorder();
            byte[] buffer = new byte[stream.length];
            System.arraycopy(stream, 0, buffer, 0, split);
            parser.feed(buffer, 0, split, recorder);
            Arrays.fill(buffer, (byte) 'X');
            System.arraycopy(stream, split, buffer, 0, stream.length - split);
            parser.feed(buffer, 0, stream.length - split, recorder);
            Arrays.fill(buffer, (byte) 'X');
            parser.finish(recorder);
            assertThat(recorder.events).as("split at %d", split).containsExactlyElementsOf(expected);
        }
    }
}
