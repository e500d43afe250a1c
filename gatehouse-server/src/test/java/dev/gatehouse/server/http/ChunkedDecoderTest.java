package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkedDecoderTest {
    static final String ENCODED = "4\r\nWiki\r\n5;ext=\"v\"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n";
    static final String DECODED = "Wikipedia in\r\n\r\nchunks.";

    @Test
    void decodesAcrossEverySplitPoint() {
        byte[] encoded = (ENCODED + "NEXT").getBytes(StandardCharsets.US_ASCII);
        int bodyEnd = encoded.length - 4;
        for (int split = 0; split <= bodyEnd; split++) {
            ChunkedDecoder decoder = new ChunkedDecoder(1000, 1000);
            BodyBuffer body = BodyBuffer.chunked(1000, 0);
            int first = decoder.feed(encoded, 0, split, body);
            assertThat(first).as("split at %d", split).isEqualTo(split);
            int end = decoder.feed(encoded, split, encoded.length, body);
            assertThat(decoder.done()).isTrue();
            assertThat(end).as("split at %d", split).isEqualTo(bodyEnd);
            assertThat(new String(body.array(), 0, body.length(), StandardCharsets.US_ASCII)).isEqualTo(DECODED);
        }
    }

    @Test
    void decodesByteByByteWithBareLineFeeds() {
        byte[] encoded = "3\nabc\n0\n\n".getBytes(StandardCharsets.US_ASCII);
        ChunkedDecoder decoder = new ChunkedDecoder(1000, 1000);
        BodyBuffer body = BodyBuffer.chunked(1000, 0);
        for (int i = 0; i < encoded.length; i++) {
            assertThat(decoder.feed(encoded, i, i + 1, body)).isEqualTo(i + 1);
        }
        assertThat(decoder.done()).isTrue();
        assertThat(body.length()).isEqualTo(3);
    }

    @Test
    void refusesWhatIsMalformedOrTooLarge() {
        assertThat(status("x\r\n", 100)).isEqualTo(400);
        assertThat(status(";ext\r\n", 100)).isEqualTo(400);
        assertThat(status("3\r\nabc\r\r\n", 100)).isEqualTo(400);
        assertThat(status("3 x\r\n", 100)).isEqualTo(400);
        assertThat(status("3;a\u0000b\r\n", 100)).isEqualTo(400);
        assertThat(status("0".repeat(ChunkedDecoder.MAX_LINE + 1) + "\r\n", 100)).isEqualTo(400);
        assertThat(status("65\r\n", 100)).isEqualTo(413);
        assertThat(status("32\r\n" + "x".repeat(50) + "\r\n33\r\n", 100)).isEqualTo(413);
        assertThat(status("0\r\n" + "T: " + "v".repeat(200) + "\r\n\r\n", 100)).isEqualTo(431);
    }

    private static int status(String encoded, int max) {
        byte[] bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);
        ChunkedDecoder decoder = new ChunkedDecoder(max, 100);
        int result = decoder.feed(bytes, 0, bytes.length, BodyBuffer.chunked(max, 0));
        assertThat(result).as(encoded).isEqualTo(-1);
        return decoder.status();
    }
}
