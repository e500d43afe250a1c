package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RecentStringsTest {
    final RecentStrings recent = new RecentStrings(4, 16);

    String get(String text) {
        byte[] bytes = ("GET " + text + " HTTP/1.1").getBytes(StandardCharsets.ISO_8859_1);
        return recent.get(bytes, 4, 4 + text.length());
    }

    @Test
    void bytesSeenRecentlyGiveTheSameString() {
        String first = get("/v1/models");
        assertThat(first).isEqualTo("/v1/models");
        assertThat(get("/v1/models")).isSameAs(first);
        assertThat(get("/v1/modelz")).isEqualTo("/v1/modelz").isNotSameAs(first);
        assertThat(get("/v1/model")).isEqualTo("/v1/model");
        assertThat(get("/v1/models")).isSameAs(first);
        assertThat(get("")).isEmpty();
    }

    @Test
    void entriesAreReplacedInTurnAndEveryAnswerIsRight() {
        String kept = get("/a");
        for (int i = 0; i < 3; i++) {
            assertThat(get("/b" + i)).isEqualTo("/b" + i);
        }
        assertThat(get("/a")).isSameAs(kept); // still one of the four
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                assertThat(get("/c" + i)).isEqualTo("/c" + i);
            }
        }
        assertThat(get("/a")).isEqualTo("/a").isNotSameAs(kept);
    }

    @Test
    void longStringsAreNotKept() {
        String text = "/" + "x".repeat(16);
        String first = get(text);
        assertThat(first).isEqualTo(text);
        assertThat(get(text)).isEqualTo(text).isNotSameAs(first);
        String fits = "/" + "x".repeat(15);
        assertThat(get(fits)).isSameAs(get(fits));
    }

    @Test
    void bytesAreReadAsLatin1() {
        assertThat(get("/caf\u00e9")).isEqualTo("/caf\u00e9");
    }
}
