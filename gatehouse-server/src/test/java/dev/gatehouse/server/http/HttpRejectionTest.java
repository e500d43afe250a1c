package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests the listener refuses itself: each is answered by the handler's rejected() and the connection closes. */
class HttpRejectionTest {
    static final HttpLimits LIMITS = new HttpLimits(1024, 10, 100, Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(10));

    @RegisterExtension
    static final ListenerFixture server = new ListenerFixture(1, LIMITS);

    /** Sends the request, reads the one response, and checks that the connection then closes. */
    static RawClient.Response refused(String request, int status) throws IOException {
        try (RawClient c = server.client()) {
            RawClient.Response response = c.send(request).read();
            assertThat(response.status()).as(request).isEqualTo(status);
            assertThat(response.text()).isEqualTo("{\"error\":{\"status\":" + status + "}}");
            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
            return response;
        }
    }

    @Test
    void bothContentLengthAndTransferEncoding() throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n", 400);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                + "0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "+5", "5, 6", "", "0x10", "5 5"})
    void malformedContentLength(String value) throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + "\r\n\r\nhello", 400);
    }

    @Test
    void contentLengthsThatDiffer() throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400);
    }

    @Test
    void repeatedEqualContentLengthsAreOne() throws IOException {
        try (RawClient c = server.client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5, 5\r\n\r\nhello");
            assertThat(c.read().text()).isEqualTo("hello");
        }
    }

    @Test
    void malformedHeads() throws IOException {
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\n\tX-Folded: a\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Space : v\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX(paren): v\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nNo-Colon\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Ctl: a\u0001b\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Cr: a\rb\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\rHost: x\r\n\r\n", 400);
        refused("GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refused("GET /hello\r\nHost: x\r\n\r\n", 400);
        refused("GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refused("G(T /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refused("GET /hello http/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void hostIsRequiredOnceForHttp11() throws IOException {
        refused("GET /hello HTTP/1.1\r\n\r\n", 400);
        refused("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    }

    @Test
    void refusedRequestStillNamesItsPathWhenTheHeadParsed() throws IOException {
        RawClient.Response response = refused("GET /hello?q=1 HTTP/1.1\r\n\r\n", 400);
        assertThat(response.header("x-refused-path")).isEqualTo("GET /hello?q=1");
        RawClient.Response malformed = refused("GET /hello HTTP/1.1\r\nBad Header: v\r\n\r\n", 400);
        assertThat(malformed.header("x-refused-path")).isNull();
    }

    @Test
    void declaredBodyTooLargeIsRefusedWithoutReadingIt() throws IOException {
        RawClient.Response response =
                refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n", 413);
        assertThat(response.header("x-refused-path")).isEqualTo("POST /echo");
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n", 413);
    }

    @Test
    void chunkedBodyTooLarge() throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "40\r\n" + "x".repeat(64) + "\r\n40\r\n", 413);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", 413);
    }

    @Test
    void malformedChunkedBody() throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\rabc\r\n", 400);
    }

    @Test
    void headTooLarge() throws IOException {
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(2000) + "\r\n\r\n", 431);
        refused("GET /" + "p".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 431);
        // No end of head in sight at all.
        refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(2000), 431);
    }

    @Test
    void tooManyHeaders() throws IOException {
        StringBuilder request = new StringBuilder("GET /hello HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 10; i++) {
            request.append("X-").append(i).append(": v\r\n");
        }
        refused(request.append("\r\n").toString(), 431);
    }

    @Test
    void http2PrefaceAndOtherVersions() throws IOException {
        refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
        refused("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505);
        refused("GET /hello HTTP/1.2\r\nHost: x\r\n\r\n", 505);
        refused("GET /hello HTTP/0.9\r\nHost: x\r\n\r\n", 505);
    }

    @Test
    void unsupportedTransferCoding() throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                501);
        // HTTP/1.0 has no chunked coding: the framing is faulty.
        refused("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    @Test
    void unknownExpectation() throws IOException {
        refused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: something-else\r\n\r\nhi", 417);
    }

    @Test
    void refusalWhileTheClientKeepsSendingStillGetsThrough() throws IOException {
        try (RawClient c = server.client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
            RawClient.Response response = c.read();
            assertThat(response.status()).isEqualTo(413);
            try {
                c.send(new byte[100_000]); // the listener drops it while it lingers
            } catch (IOException ignored) {
                // or it has closed already
            }
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
