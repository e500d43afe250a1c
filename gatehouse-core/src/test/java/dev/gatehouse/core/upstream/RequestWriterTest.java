package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link RequestWriter#encode}: the bytes of a request, and a request refused as validate refuses it. */
class RequestWriterTest {
    private static final URI URI_ = URI.create("http://upstream.test:8080/v1/chat?x=1");
    private static final Origin ORIGIN = Origin.of(URI_);

    private static List<String> encode(UpstreamRequest request) {
        List<String> writes = new ArrayList<>();
        RequestWriter.encode(request, ORIGIN, (bytes, offset, length) ->
                writes.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1)));
        return writes;
    }

    @Test
    void aRequestIsOneWriteOfHeadAndBody() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer k");
        headers.put("Connection", "close");
        List<String> writes = encode(new UpstreamRequest("POST", URI_, headers, "{}".getBytes(), false));
        assertThat(writes).hasSize(1);
        assertThat(writes.getFirst()).startsWith("POST /v1/chat?x=1 HTTP/1.1\r\nHost: upstream.test:8080\r\n"
                + "Content-Length: 2\r\n").contains("Authorization: Bearer k\r\n").doesNotContain("Connection")
                .endsWith("\r\n\r\n{}");
    }

    @Test
    void invalidRequestsAreRefusedAsValidateRefusesThemAndNothingIsWritten() {
        List<UpstreamRequest> invalid = List.of(
                new UpstreamRequest("GET", URI_, Map.of("X-Evil", "1\r\nX-Injected: yes"), null, false),
                new UpstreamRequest("GET", URI_, Map.of("X-Evil\r\nX-Injected", "1"), null, false),
                new UpstreamRequest("GET", URI_, Map.of("Bad Name", "1"), null, false),
                new UpstreamRequest("GET", URI_, Map.of("X-Wide", "\u20ac"), null, false),
                new UpstreamRequest("GET", URI_, Map.of("X-Del", "a\u007fb"), null, false),
                new UpstreamRequest("GET /x HTTP/1.1\r\n", URI_, Map.of(), null, false));
        for (UpstreamRequest request : invalid) {
            Throwable validated = catchThrowable(() -> RequestWriter.validate(request));
            assertThat(validated).as(request.toString()).isInstanceOf(IllegalArgumentException.class);
            List<String> writes = new ArrayList<>();
            assertThatThrownBy(() -> RequestWriter.encode(request, ORIGIN, (bytes, offset, length) ->
                    writes.add("written"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(validated.getMessage());
            assertThat(writes).isEmpty();
        }
    }
}
