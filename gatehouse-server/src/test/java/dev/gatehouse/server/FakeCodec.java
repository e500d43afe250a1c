package dev.gatehouse.server;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.Choice;
import dev.gatehouse.spi.FinishReason;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.Message;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.Role;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;
import dev.gatehouse.spi.Usage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test-only provider protocol: the request goes to {@code <base>/<upstream model>}; errors become
 * {@link UpstreamException}s carrying the status (HTTP 599 stands for the {@code TIMEOUT} pseudo-status); streams are
 * lines {@code S} (started), {@code T:<text>}, {@code E} (finished), {@code U} (usage), {@code F} (failed),
 * {@code X} (the decoder crashes on its next call).
 */
final class FakeCodec implements ProviderCodec {
    static final int TIMEOUT_STATUS = 599;

    @Override
    public String protocol() {
        return "fake";
    }

    @Override
    public UpstreamRequest encodeChat(ChatRequest request, UpstreamTarget target) {
        return new UpstreamRequest("POST", target.resolve("/" + target.upstreamModel()),
                Map.of("content-type", "text/plain"), request.model().getBytes(StandardCharsets.UTF_8),
                request.stream());
    }

    @Override
    public ChatResponse decodeChat(byte[] body) {
        return new ChatResponse("fake-1", "fake", 1, List.of(new Choice(0,
                Message.text(Role.ASSISTANT, new String(body, StandardCharsets.UTF_8)), FinishReason.STOP, null)),
                Usage.of(1, 1), null);
    }

    @Override
    public GatewayException decodeError(int status, Map<String, List<String>> headers, byte[] body) {
        Duration retryAfter = headers.getOrDefault("retry-after", List.of()).stream().findFirst()
                .map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
        int upstreamStatus = status == TIMEOUT_STATUS ? UpstreamException.TIMEOUT : status;
        String type = status == 429 ? "rate_limit_error" : null;
        String code = status == 404 ? "model_not_found" : status == 400 ? "invalid_value" : null;
        String param = status == 400 ? "temperature" : null;
        return new UpstreamException(upstreamStatus, "Upstream says: " + new String(body, StandardCharsets.UTF_8),
                type, param, code, retryAfter, null);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new StreamDecoder() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();
            private boolean crash;

            @Override
            public List<StreamEvent> feed(byte[] chunk, int offset, int length) {
                crashIfAsked();
                List<StreamEvent> events = new ArrayList<>();
                for (int i = offset; i < offset + length; i++) {
                    if (chunk[i] == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        if (text.equals("X")) {
                            crash = true; // on the next call, after the events so far were delivered
                            return events;
                        }
                        events.add(event(text));
                    } else {
                        line.write(chunk[i]);
                    }
                }
                return events;
            }

            @Override
            public List<StreamEvent> finish() {
                crashIfAsked();
                return List.of();
            }

            private void crashIfAsked() {
                if (crash) {
                    throw new IllegalStateException("decoder bug with internal detail /srv/secret/path");
                }
            }
        };
    }

    private static StreamEvent event(String line) {
        return switch (line.charAt(0)) {
            case 'S' -> new StreamEvent.Started("fake-stream", "fake-model", 1, null);
            case 'T' -> new StreamEvent.TextDelta(0, line.substring(2), null);
            case 'E' -> new StreamEvent.Finished(0, FinishReason.STOP);
            case 'U' -> new StreamEvent.UsageReported(Usage.of(2, 3));
            case 'F' -> new StreamEvent.Failed(new UpstreamException(500, "The provider's stream broke off.", null));
            default -> throw new IllegalArgumentException(line);
        };
    }
}
