package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ResponseHeadReader} on heads held in arrays: the framing read from the bytes, and a header map made only when
 * asked for, with the common names as constants.
 */
class ResponseHeadReaderTest {
    private final ResponseHeadReader reader = new ResponseHeadReader();

    private ResponseHead parse(String head) throws Exception {
        byte[] bytes = ("junk" + head + "more").getBytes(StandardCharsets.ISO_8859_1);
        return reader.parse(bytes, 4, bytes.length - 4);
    }

    @Test
    void theFramingIsReadFromTheBytes() throws Exception {
        ResponseHead length = parse("HTTP/1.1 200 OK\r\nContent-Length: 12, 12\r\ncontent-length:12\r\n\r\n");
        assertThat(length.contentLength()).isEqualTo(12);
        assertThat(length.chunked()).isFalse();

        ResponseHead chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTRANSFER-ENCODING: Chunked \r\n"
                + "Connection: Upgrade, CLOSE\r\n\r\n");
        assertThat(chunked.contentLength()).isEqualTo(-1);
        assertThat(chunked.chunked()).isTrue();
        assertThat(chunked.otherEncoding()).isFalse();
        assertThat(chunked.close()).isTrue();
        assertThat(chunked.keepAliveToken()).isFalse();

        ResponseHead other = parse("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nConnection: keep-alive\r\n"
                + "\r\n");
        assertThat(other.http11()).isFalse();
        assertThat(other.chunked()).isFalse();
        assertThat(other.otherEncoding()).isTrue();
        assertThat(other.keepAliveToken()).isTrue();

        ResponseHead identity = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n");
        assertThat(identity.chunked() || identity.otherEncoding()).isFalse();

        for (String bad : List.of("5, 6", "", "-1", "1x", "1234567890123456789")) {
            assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: " + bad + "\r\n\r\n"))
                    .as(bad).isInstanceOf(MalformedResponseException.class);
        }
    }

    @Test
    void theHeaderMapIsMadeWhenFirstAskedFor() throws Exception {
        ResponseHead head = parse("HTTP/1.1 429 Too Many\r\nContent-Type: application/json\r\nX-Custom:  a b \r\n"
                + "Set-Cookie: one\r\nset-cookie: two\r\nX-Empty:\r\nRetry-After: 3\r\n\r\n");
        ResponseHeaders headers = (ResponseHeaders) head.headers();
        assertThat(headers.built()).isFalse();
        assertThat(headers.isEmpty()).isFalse();
        assertThat(headers.built()).as("isEmpty needs no map").isFalse();

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("content-type", List.of("application/json"));
        expected.put("x-custom", List.of("a b"));
        expected.put("set-cookie", List.of("one", "two"));
        expected.put("x-empty", List.of(""));
        expected.put("retry-after", List.of("3"));
        assertThat(headers.get("retry-after")).containsExactly("3");
        assertThat(headers.built()).isTrue();
        assertThat(headers).isEqualTo(expected).hasSize(5);
        assertThat(headers.hashCode()).isEqualTo(expected.hashCode());
        assertThat(headers.get("Retry-After")).as("names are lower-case keys").isNull();
        assertThatThrownBy(() -> headers.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.remove("x-custom")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.get("set-cookie").add("three"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void commonNamesAreConstantsAndOthersAreMadeAsTheyCome() throws Exception {
        String text = "HTTP/1.1 200 OK\r\nCONTENT-TYPE: a\r\nx-ratelimit-remaining-tokens: 9\r\n"
                + "X-Own-Header: b\r\n\r\n";
        List<String> first = List.copyOf(parse(text).headers().keySet());
        List<String> second = List.copyOf(parse(text).headers().keySet());
        for (int i = 0; i < first.size(); i++) {
            String name = first.get(i);
            assertThat(second.get(i)).isEqualTo(name);
            if (name.equals("x-own-header")) {
                assertThat(second.get(i)).isNotSameAs(name);
            } else {
                assertThat(second.get(i)).as(name).isSameAs(name);
            }
        }
        assertThat(first).containsExactlyInAnyOrder("content-type", "x-ratelimit-remaining-tokens", "x-own-header");
    }

    @Test
    void aHeadWithoutFieldsHasAnEmptyMap() throws Exception {
        ResponseHead head = parse("HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(head.headers()).isEmpty();
        assertThat(head.headers().get("content-length")).isNull();
    }
}
