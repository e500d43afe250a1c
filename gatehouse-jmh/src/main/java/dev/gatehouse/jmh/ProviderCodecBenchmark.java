package dev.gatehouse.jmh;

import dev.gatehouse.providers.openai.OpenAiCodec;
import dev.gatehouse.server.openai.OpenAiWire;
import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Secret;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The provider side of a relayed call: canonical request to OpenAI bytes, and OpenAI bytes back to canonical. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseCompactObjectHeaders"})
public class ProviderCodecBenchmark {
    private final OpenAiCodec codec = new OpenAiCodec();
    private final UpstreamTarget target = new UpstreamTarget(URI.create("http://127.0.0.1:4080/v1"), "gpt-4o-mini",
            Secret.of("sk-bench-upstream-0123456789"), null, null);
    private final ChatRequest small = OpenAiWire.parseChatRequest(Payloads.REQUEST, Payloads.REQUEST.length);
    private final ChatRequest conversation = OpenAiWire.parseChatRequest(Payloads.CONVERSATION,
            Payloads.CONVERSATION.length);

    @Benchmark
    public UpstreamRequest encodeSmallRequest() {
        return codec.encodeChat(small, target);
    }

    @Benchmark
    public UpstreamRequest encodeConversation() {
        return codec.encodeChat(conversation, target);
    }

    @Benchmark
    public ChatResponse decodeCompletion() {
        return codec.decodeChat(Payloads.COMPLETION);
    }

    /** The whole canned stream fed at once: 50 events parsed into canonical ones. */
    @Benchmark
    public int decodeStream() {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = decoder.feed(Payloads.STREAM, 0, Payloads.STREAM.length);
        return events.size() + decoder.finish().size();
    }
}
