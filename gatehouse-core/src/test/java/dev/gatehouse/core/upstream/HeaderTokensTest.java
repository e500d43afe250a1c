package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

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

    @Test
    void listMembership() {
        assertThat(HeaderTokens.contains("close", "close")).isTrue();
        assertThat(HeaderTokens.contains(" Keep-Alive , Upgrade", "keep-alive")).isTrue();
        assertThat(HeaderTokens.contains("keep-alive, CLOSE", "close")).isTrue();
        assertThat(HeaderTokens.contains("closed", "close")).isFalse();
        assertThat(HeaderTokens.contains("", "close")).isFalse();
        assertThat(HeaderTokens.contains(",,", "close")).isFalse();
    }

    @Test
    void lastElement() {
        assertThat(HeaderTokens.last("chunked", "identity")).isEqualTo("chunked");
        assertThat(HeaderTokens.last("gzip, Chunked ", "identity")).isEqualTo("Chunked");
        assertThat(HeaderTokens.last("chunked, identity", "identity")).isEqualTo("chunked");
        assertThat(HeaderTokens.last("chunked,", "identity")).isEqualTo("chunked");
        assertThat(HeaderTokens.last("identity", "identity")).isNull();
        assertThat(HeaderTokens.last(" , ", "identity")).isNull();
    }
}
