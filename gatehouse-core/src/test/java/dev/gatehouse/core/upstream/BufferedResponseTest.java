package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;
import dev.gatehouse.spi.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BufferedResponse}: the body gathered into a buffer sized from the length the head parser found. */
class BufferedResponseTest {
    private static final ResponseControl CONTROL = new ResponseControl() {
        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void cancel() {
        }
    };

    /** Headers nobody may look at: the length comes with the head, not from the header map. */
    private static final Map<String, List<String>> UNTOUCHABLE = new AbstractMap<>() {
        @Override
        public Set<Entry<String, List<String>>> entrySet() {
            throw new AssertionError("the headers were read");
        }
    };

    /** Decodes nothing; an error status becomes an exception holding the body. */
    private static final class ErrorCodec implements ProviderCodec {
        @Override
        public String protocol() {
            return "test";
        }

        @Override
        public UpstreamRequest encodeChat(ChatRequest request, UpstreamTarget target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChatResponse decodeChat(byte[] body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamDecoder newStreamDecoder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public GatewayException decodeError(int status, Map<String, List<String>> headers, byte[] body) {
            return new UpstreamException(status, headers + " " + new String(body, StandardCharsets.UTF_8), "test");
        }
    }

    private static BufferedResponse<String> text() {
        return new BufferedResponse<>(new ErrorCodec(), body -> new String(body, StandardCharsets.UTF_8));
    }

    private static void feed(BufferedResponse<?> response, String body, int piece) {
        byte[] bytes = ("<<" + body + ">>").getBytes(StandardCharsets.UTF_8);
        for (int from = 2; from < bytes.length - 2; from += piece) {
            response.body(bytes, from, Math.min(piece, bytes.length - 2 - from));
        }
    }

    @Test
    void aStatedLengthSizesTheBufferWithoutReadingTheHeaders() {
        BufferedResponse<String> response = text();
        response.head(200, UNTOUCHABLE, 11, CONTROL);
        assertThat(response.capacity()).isEqualTo(11);
        feed(response, "hello world", 3);
        assertThat(response.capacity()).as("never grown").isEqualTo(11);
        response.end();
        assertThat(response.result().join()).isEqualTo("hello world");
    }

    @Test
    void withoutAStatedLengthTheBufferGrows() {
        for (long length : new long[] {-1, 0, 2L << 20}) {
            BufferedResponse<String> response = text();
            response.head(200, UNTOUCHABLE, length, CONTROL);
            assertThat(response.capacity()).as("length %d", length).isZero();
            feed(response, "x".repeat(1500), 100);
            response.end();
            assertThat(response.result().join()).isEqualTo("x".repeat(1500));
        }
    }

    @Test
    void anErrorStatusIsDecodedWithItsHeadersAndBody() {
        BufferedResponse<String> response = text();
        response.head(429, Map.of("retry-after", List.of("3")), 4, CONTROL);
        feed(response, "slow", 4);
        response.end();
        assertThatThrownBy(() -> response.result().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(UpstreamException.class).hasMessage("{retry-after=[3]} slow");
    }
}
