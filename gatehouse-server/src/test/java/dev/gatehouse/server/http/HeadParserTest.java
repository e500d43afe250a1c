package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeadParserTest {
    final HeadParser parser = new HeadParser(5, 1000);

    RequestHead parse(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(bytes, bytes.length);
    }

    @Test
    void partsAndFields() {
        RequestHead head = parse("POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: gw\r\nContent-Length: 12\r\n"
                + "X-Empty:\r\nX-Multi: a\r\nx-multi: b\r\n\r\n");
        assertThat(head.rejection()).isZero();
        assertThat(head.method()).isSameAs("POST");
        assertThat(head.target()).isEqualTo("/v1/chat/completions?x=1");
        assertThat(head.header("CONTENT-LENGTH")).isEqualTo("12");
        assertThat(head.header("x-empty")).isEmpty();
        assertThat(head.header("X-Multi")).isEqualTo("a");
        assertThat(head.header("absent")).isNull();
        assertThat(head.contentLength()).isEqualTo(12);
        assertThat(head.fieldCount()).isEqualTo(5);
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.http10()).isFalse();
    }

    @Test
    void unusualMethodsAreTokens() {
        RequestHead head = parse("M-SEARCH * HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(head.method()).isEqualTo("M-SEARCH");
        assertThat(head.target()).isEqualTo("*");
    }

    @Test
    void connectionTokens() {
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: foo,  keep-alive \r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: closed\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void framing() {
        assertThat(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n").chunked()).isTrue();
        assertThat(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 007\r\n\r\n").contentLength()).isEqualTo(7);
        assertThat(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n").rejection()).isEqualTo(413);
        assertThat(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                .rejection()).isEqualTo(413);
        assertThat(parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n\r\n").expectContinue()).isTrue();
        assertThat(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").expectContinue()).isFalse();
    }

    @Test
    void tooManyFields() {
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n")).isNull();
        assertThat(parser.status()).isEqualTo(431);
    }

    @Test
    void obsoleteTextInValuesIsKept() {
        RequestHead head = parse("GET / HTTP/1.1\r\nHost: x\r\nX-Latin: caf\u00e9\r\n\r\n");
        assertThat(head.header("x-latin")).isEqualTo("caf\u00e9");
        assertThat(parse("GET /caf\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n")).isNull();
        assertThat(parser.status()).isEqualTo(400);
    }

    @Test
    void aTargetSeenRecentlyOnTheLoopIsTheSameString() {
        RequestHead first = parse("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n");
        RequestHead second = parse("POST /v1/chat/completions HTTP/1.1\r\nHost: y\r\n\r\n");
        RequestHead other = parse("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(first.target()).isEqualTo("/v1/chat/completions");
        assertThat(second.target()).isSameAs(first.target());
        assertThat(other.target()).isEqualTo("/v1/embeddings");
        String longTarget = "/v1/models?q=" + "x".repeat(500);
        assertThat(parse("GET " + longTarget + " HTTP/1.1\r\nHost: x\r\n\r\n").target()).isEqualTo(longTarget);
        // A refused request still names its target.
        RequestHead refused = parse("POST /v1/chat/completions HTTP/1.1\r\n\r\n");
        assertThat(refused.rejection()).isEqualTo(400);
        assertThat(refused.target()).isSameAs(first.target());
    }

    @Test
    void aTargetWithAQueryIsNotKeptForLaterRequests() {
        String withKey = "/v1beta/models/m:generateContent?key=AIza-not-kept";
        RequestHead first = parse("POST " + withKey + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RequestHead second = parse("POST " + withKey + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(first.target()).isEqualTo(withKey);
        assertThat(second.target()).isEqualTo(withKey).isNotSameAs(first.target());
    }

    @Test
    void commonFieldValuesAreConstants() {
        RequestHead head = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Accept: Application/JSON\r\nAuthorization: Bearer gh-123\r\n\r\n");
        assertThat(head.header("content-type")).isSameAs("application/json");
        assertThat(head.header("accept")).isEqualTo("Application/JSON");
        assertThat(head.header("authorization")).isEqualTo("Bearer gh-123");
    }

    @Test
    void valueBytes() {
        RequestHead head = parse("GET / HTTP/1.1\r\nHost: x\r\nX-Spaced: \t a \t b\t \t\r\nX-High: \u0080\u00ff\r\n"
                + "X-Blank: \t \r\nX-Tilde:~\n\r\n");
        assertThat(head.header("x-spaced")).isEqualTo("a \t b");
        assertThat(head.header("x-high")).isEqualTo("\u0080\u00ff");
        assertThat(head.header("x-blank")).isEmpty();
        assertThat(head.header("x-tilde")).isEqualTo("~");
        for (char c : new char[] {0, 1, 0x0b, 0x0c, 0x1f, 0x7f}) {
            assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a" + c + "b\r\n\r\n")).as("char %d", (int) c)
                    .isNull();
            assertThat(parser.status()).isEqualTo(400);
        }
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n")).isNull();
    }
}
