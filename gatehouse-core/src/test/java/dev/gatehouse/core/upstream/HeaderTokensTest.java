package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTokensTest {

    @Test
    void tokens() {
        assertThat(HeaderTokens.isToken("Content-Type")).isTrue();
        assertThat(HeaderTokens.isToken("x_!#$%&'*+.^`|~1")).isTrue();
        assertThat(HeaderTokens.isToken("")).isFalse();
        assertThat(HeaderTokens.isToken("a b")).isFalse();
        assertThat(HeaderTokens.isToken("a:b")).isFalse();
        assertThat(HeaderTokens.isToken("a\r\nb")).isFalse();
        assertThat(HeaderTokens.isToken("caf\u00e9")).isFalse();
    }

    /** The list at an offset inside a larger array, as the head parser holds it. */
    private static boolean contains(String list, String token) {
        byte[] b = ("name" + list + "next").getBytes(StandardCharsets.ISO_8859_1);
        return HeaderTokens.contains(b, 4, b.length - 4, token);
    }

    private static int last(String list) {
        byte[] b = ("name" + list + "next").getBytes(StandardCharsets.ISO_8859_1);
        return HeaderTokens.last(b, 4, b.length - 4, "identity", "chunked");
    }

    @Test
    void listMembership() {
        assertThat(contains("close", "close")).isTrue();
        assertThat(contains(" Keep-Alive , Upgrade", "keep-alive")).isTrue();
        assertThat(contains("keep-alive, CLOSE", "close")).isTrue();
        assertThat(contains("upgrade,close", "close")).isTrue();
        assertThat(contains("closed", "close")).isFalse();
        assertThat(contains("", "close")).isFalse();
        assertThat(contains(",,", "close")).isFalse();
        assertThat(contains("cl\u00f6se", "close")).isFalse();
    }

    @Test
    void lastElement() {
        assertThat(last("chunked")).isEqualTo(HeaderTokens.MATCH);
        assertThat(last("gzip, Chunked ")).isEqualTo(HeaderTokens.MATCH);
        assertThat(last("chunked, identity")).isEqualTo(HeaderTokens.MATCH);
        assertThat(last("chunked,")).isEqualTo(HeaderTokens.MATCH);
        assertThat(last("chunked, gzip")).isEqualTo(HeaderTokens.OTHER);
        assertThat(last("chunkedx")).isEqualTo(HeaderTokens.OTHER);
        assertThat(last("identity")).isEqualTo(HeaderTokens.ABSENT);
        assertThat(last(" , ")).isEqualTo(HeaderTokens.ABSENT);
        assertThat(last("")).isEqualTo(HeaderTokens.ABSENT);
    }
}
