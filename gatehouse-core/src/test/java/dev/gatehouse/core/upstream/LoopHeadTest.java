package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LoopHead}: a response head gathered from reads split anywhere, interim heads skipped, limits kept. */
class LoopHeadTest {
    private final LoopHead head = new LoopHead(new ResponseHeadReader());

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHeadSplitAnywhereIsParsedOnceWholeAndEndsWhereTheBodyBegins() throws Exception {
        byte[] response = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-A: 1\r\nX-A: 2\r\n"
                + "Content-Length: 4\r\n\r\nbody");
        for (int split = 0; split < response.length - 4; split++) {
            head.reset();
            byte[] first = Arrays.copyOfRange(response, 0, split);
            byte[] second = Arrays.copyOfRange(response, split, response.length);
            assertThat(head.read(first, 0, first.length)).as("split at %d", split).isNull();
            ResponseHead parsed = head.read(second, 0, second.length);
            assertThat(parsed.status()).isEqualTo(200);
            assertThat(parsed.headers()).containsEntry("x-a", List.of("1", "2"));
            assertThat(parsed.contentLength()).isEqualTo(4);
            assertThat(second.length - head.end).as("split at %d", split).isEqualTo(4);
        }
    }

    @Test
    void bareLineFeedsAndStrayCarriageReturnsAreFoundWhereverTheReadsSplit() throws Exception {
        byte[] lf = bytes("HTTP/1.1 200\nA: b\r\nC: d\n\nrest");
        byte[] strayCr = bytes("HTTP/1.1 200 OK\r\n\rX\r\n\r\n");
        for (int split = 0; split < lf.length - 4; split++) {
            head.reset();
            assertThat(head.read(lf, 0, split)).isNull();
            assertThat(head.read(lf, split, lf.length).headers()).containsOnlyKeys("a", "c");
            assertThat(head.end).isEqualTo(lf.length - 4);
        }
        for (int split = 0; split < strayCr.length - 5; split++) {
            head.clear();
            head.reset();
            assertThat(head.read(strayCr, 0, split)).isNull();
            int from = split;
            assertThatThrownBy(() -> head.read(strayCr, from, strayCr.length)).as("split at %d", split)
                    .isInstanceOf(MalformedResponseException.class).hasMessage("bad line ending");
        }
    }

    @Test
    void anUnrequestedProtocolSwitchIsRefused() {
        head.reset();
        byte[] response = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        assertThatThrownBy(() -> head.read(response, 0, response.length))
                .isInstanceOf(MalformedResponseException.class).hasMessage("unrequested protocol switch");
    }

    @Test
    void allHeadsOfAnExchangeShareOneLimitUntilReset() throws Exception {
        String interim = "HTTP/1.1 103 Early Hints\r\nX-Fill: " + "w".repeat(40_000) + "\r\n\r\n";
        String last = "HTTP/1.1 200 OK\r\nX-Fill: " + "w".repeat(30_000) + "\r\nContent-Length: 0\r\n\r\n";
        head.reset();
        byte[] both = bytes(interim + last);
        assertThatThrownBy(() -> head.read(both, 0, both.length))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("larger than 65536 bytes");

        head.clear();
        head.reset();
        byte[] one = bytes(last);
        assertThat(head.read(one, 0, one.length).status()).isEqualTo(200);
        head.reset();
        assertThat(head.read(one, 0, one.length).status()).as("the limit starts over").isEqualTo(200);
    }

    @Test
    void theInputEndingInsideAHeadIsExplainedByWhatArrived() throws Exception {
        for (String[] arrived : List.of(
                new String[] {"HTTP/1.1 200 OK\r\nContent-Len", "response ended inside its head"},
                new String[] {"ICY 200 OK\r\n", "not an HTTP/1.x status line"},
                new String[] {"", "response ended inside its head"})) {
            head.clear();
            head.reset();
            byte[] part = bytes(arrived[0]);
            assertThat(head.read(part, 0, part.length)).isNull();
            assertThat(head.endedInside()).as(arrived[0]).isInstanceOf(MalformedResponseException.class)
                    .hasMessage(arrived[1]);
        }
    }
}
