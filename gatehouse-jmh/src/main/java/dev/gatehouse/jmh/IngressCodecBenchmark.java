package dev.gatehouse.jmh;

import dev.gatehouse.providers.openai.OpenAiCodec;
import dev.gatehouse.server.openai.OpenAiWire;
import dev.gatehouse.server.openai.SseEncoder;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The client side of a call: OpenAI request bytes to canonical, and canonical replies to JSON and SSE frames. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseCompactObjectHeaders"})
public class IngressCodecBenchmark {
    private final ChatResponse completion = new OpenAiCodec().decodeChat(Payloads.COMPLETION);
    private final List<StreamEvent> events = streamEvents();
    /** Counts what is written, as a socket would take it, without keeping it. */
    private final CountingSink sink = new CountingSink();

    private static List<StreamEvent> streamEvents() {
        StreamDecoder decoder = new OpenAiCodec().newStreamDecoder();
        List<StreamEvent> all = new ArrayList<>(decoder.feed(Payloads.STREAM, 0, Payloads.STREAM.length));
        all.addAll(decoder.finish());
        return List.copyOf(all);
    }

    @Benchmark
    public ChatRequest parseSmallRequest() {
        return OpenAiWire.parseChatRequest(Payloads.REQUEST, Payloads.REQUEST.length);
    }

    @Benchmark
    public ChatRequest parseConversation() {
        return OpenAiWire.parseChatRequest(Payloads.CONVERSATION, Payloads.CONVERSATION.length);
    }

    @Benchmark
    public byte[] writeCompletion() {
        return OpenAiWire.chatCompletion(completion);
    }

    /** One stream's events to SSE frames, written out after each event as the server does (50 frames). */
    @Benchmark
    public long encodeStream() throws IOException {
        SseEncoder encoder = OpenAiWire.sseEncoder("chatcmpl-bench", "bench-gpt", 1735689600L, false);
        for (StreamEvent event : events) {
            encoder.event(event);
            encoder.writeTo(sink);
        }
        encoder.end();
        encoder.writeTo(sink);
        return sink.count;
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
