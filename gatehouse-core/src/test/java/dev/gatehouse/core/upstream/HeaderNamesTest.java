package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HeaderNames}: lower-case names found in place, and nothing else. */
class HeaderNamesTest {

    private static int lookup(String name) {
        byte[] bytes = ("::" + name + "::").getBytes(StandardCharsets.ISO_8859_1);
        return HeaderNames.lookup(bytes, 2, bytes.length - 2);
    }

    @Test
    void framingNamesHaveTheirFixedIndexes() {
        assertThat(lookup("content-length")).isEqualTo(HeaderNames.CONTENT_LENGTH);
        assertThat(lookup("transfer-encoding")).isEqualTo(HeaderNames.TRANSFER_ENCODING);
        assertThat(lookup("connection")).isEqualTo(HeaderNames.CONNECTION);
    }

    @Test
    void everyKnownNameIsFoundAsItself() {
        for (String name : new String[] {"content-type", "date", "server", "keep-alive", "x-request-id",
                "retry-after", "retry-after-ms", "openai-processing-ms", "x-ratelimit-reset-tokens",
                "anthropic-ratelimit-tokens-reset"}) {
            int index = lookup(name);
            assertThat(index).as(name).isNotEqualTo(HeaderNames.UNKNOWN);
            assertThat(HeaderNames.name(index)).isEqualTo(name);
        }
    }

    @Test
    void otherNamesAreUnknown() {
        for (String name : new String[] {"", "x", "content-lengtH", "Content-Type", "content-length2", "date ",
                "x-custom-header", "a".repeat(200)}) {
            assertThat(lookup(name)).as(name).isEqualTo(HeaderNames.UNKNOWN);
        }
    }
}
