package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.Secret;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP path of a deployment, with a line-per-event test codec and an in-memory transport. */
class CodecUpstreamTest {
    private static final UpstreamTarget TARGET = new UpstreamTarget(URI.create("https://upstream.test/v1"), "up-model",
            Secret.of("provider-key-0123456789"), null, null);
    private static final ChatRequest REQUEST = new ChatRequest("up-model", List.of(Message.text(Role.USER, "hi")),
            null, null, null, null, false, false, null);

    /** Each body line is one text delta; the body of a sync response is the reply text. */
    private static final class LineCodec implements ProviderCodec {
        @Override
        public String protocol() {
            return "lines";
        }

        @Override
        public UpstreamRequest encodeChat(ChatRequest request, UpstreamTarget target) {
            return new UpstreamRequest("POST", target.resolve("/chat"), Map.of("Authorization",
                    "Bearer " + target.apiKey().reveal()), request.model().getBytes(StandardCharsets.UTF_8),
                    request.stream());
        }

        @Override
        public ChatResponse decodeChat(byte[] body) {
            return new ChatResponse("id", "up-model", 0, List.of(new dev.gatehouse.spi.Choice(0,
                    Message.text(Role.ASSISTANT, new String(body, StandardCharsets.UTF_8)), null, null)), null, null);
        }

        @Override
        public StreamDecoder newStreamDecoder() {
            return new StreamDecoder() {
                private final StringBuilder line = new StringBuilder();

                @Override
                public List<StreamEvent> feed(byte[] chunk, int offset, int length) {
                    List<StreamEvent> out = new ArrayList<>();
                    for (int i = offset; i < offset + length; i++) {
                        if (chunk[i] == '\n') {
                            out.add(new StreamEvent.TextDelta(0, line.toString(), null));
                            line.setLength(0);
                        } else {
                            line.append((char) chunk[i]);
                        }
                    }
                    return out;
                }

                @Override
                public List<StreamEvent> finish() {
                    return line.isEmpty() ? List.of() : List.of(new StreamEvent.Failed(
                            new UpstreamException(502, "truncated", "stream_truncated")));
                }
            };
        }

        @Override
        public GatewayException decodeError(int status, Map<String, List<String>> headers, byte[] body) {
            return new UpstreamException(status, new String(body, StandardCharsets.UTF_8), "from_codec");
        }
    }

    private record Canned(int status, InputStream body, List<UpstreamRequest> sent) implements HttpTransport {
        @Override
        public UpstreamResponse send(UpstreamRequest request) {
            sent.add(request);
            return new UpstreamResponse(status, Map.of(), body);
        }
    }

    private static final class Tracked extends ByteArrayInputStream {
        final AtomicBoolean closed = new AtomicBoolean();

        Tracked(String s) {
            super(s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void syncCallEncodesSendsAndDecodes() {
        var sent = new ArrayList<UpstreamRequest>();
        var body = new Tracked("hello");
        var upstream = new CodecUpstream(new LineCodec(), TARGET, new Canned(200, body, sent));
        assertThat(upstream.chat(REQUEST).choices().getFirst().message().textContent()).isEqualTo("hello");
        assertThat(sent.getFirst().uri()).hasToString("https://upstream.test/v1/chat");
        assertThat(body.closed).isTrue();
    }

    @Test
    void errorStatusesGoThroughTheCodecAndReleaseTheConnection() {
        var body = new Tracked("quota exceeded");
        var upstream = new CodecUpstream(new LineCodec(), TARGET, new Canned(429, body, new ArrayList<>()));
        assertThatThrownBy(() -> upstream.chat(REQUEST)).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.upstreamStatus()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("from_codec");
        });
        assertThat(body.closed).isTrue();
        var streamBody = new Tracked("nope");
        var streaming = new CodecUpstream(new LineCodec(), TARGET, new Canned(500, streamBody, new ArrayList<>()));
        assertThatThrownBy(() -> streaming.stream(REQUEST)).isInstanceOf(UpstreamException.class);
        assertThat(streamBody.closed).isTrue();
    }

    @Test
    void streamsDecodeIncrementallyAndCloseAtTheEnd() {
        var body = new Tracked("a\nb\nc\n");
        var upstream = new CodecUpstream(new LineCodec(), TARGET, new Canned(200, body, new ArrayList<>()));
        var events = MockUpstreamTest.drain(upstream.stream(REQUEST));
        assertThat(events).extracting(e -> ((StreamEvent.TextDelta) e).text()).containsExactly("a", "b", "c");
        assertThat(body.closed).isTrue();
    }

    @Test
    void eventsThatArrivedTogetherReportThemselvesBuffered() {
        var upstream = new CodecUpstream(new LineCodec(), TARGET, new Canned(200, new Tracked("a\nb\n"),
                new ArrayList<>()));
        try (var stream = upstream.stream(REQUEST)) {
            assertThat(stream.hasBuffered()).isFalse();
            assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta(0, "a", null));
            assertThat(stream.hasBuffered()).isTrue();
            assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta(0, "b", null));
            assertThat(stream.hasBuffered()).isFalse();
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    void aTruncatedStreamEndsInFailed() {
        var upstream = new CodecUpstream(new LineCodec(), TARGET, new Canned(200, new Tracked("a\npartial"),
                new ArrayList<>()));
        var events = MockUpstreamTest.drain(upstream.stream(REQUEST));
        assertThat(events.getLast()).isInstanceOf(StreamEvent.Failed.class);
    }

    @Test
    void aBrokenConnectionMidStreamEndsInFailed() {
        InputStream breaking = new InputStream() {
            private int calls;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ == 0) {
                    b[off] = 'x';
                    b[off + 1] = '\n';
                    return 2;
                }
                throw new IOException("connection reset");
            }
        };
        var upstream = new CodecUpstream(new LineCodec(), TARGET, new Canned(200, breaking, new ArrayList<>()));
        var events = MockUpstreamTest.drain(upstream.stream(REQUEST));
        assertThat(events).hasSize(2);
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Failed.class,
                f -> assertThat(f.error().code()).isEqualTo("stream_interrupted"));
    }
}
