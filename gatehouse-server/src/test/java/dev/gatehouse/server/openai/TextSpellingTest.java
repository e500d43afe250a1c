package dev.gatehouse.server.openai;

import dev.gatehouse.spi.ChatRequest;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.JsonString;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A long text keeps the bytes the client wrote for it, exactly, beside the text decoded from them. */
class TextSpellingTest {
    /** Escapes of every kind, raw UTF-8 of two, three and four bytes, repeated past the length that is kept. */
    private static final String SPELLED = ("Dear \\\"team\\\",\\n\\tthe caf\\u00e9 \\/ m\u00fcnchen \u4e2d \ud83d\ude00 "
            + "\\ud83d\\ude00 \\\\ ok. ").repeat(12);
    private static final String DECODED = ("Dear \"team\",\n\tthe caf\u00e9 / m\u00fcnchen \u4e2d \ud83d\ude00 "
            + "\ud83d\ude00 \\ ok. ").repeat(12);

    private static ChatRequest parse(byte[] body) {
        return OpenAiWire.parseChatRequest(body, body.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ContentPart.Text onlyText(ChatRequest request, int message) {
        return (ContentPart.Text) request.messages().get(message).content().getFirst();
    }

    @Test
    void aLongStringContentKeepsItsExactSpelling() {
        ChatRequest request = parse(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + SPELLED + "\"}]}"));

        ContentPart.Text text = onlyText(request, 0);
        assertThat(text.text()).isEqualTo(DECODED);
        assertThat(text.json()).isNotNull();
        assertThat(text.json().utf8()).isEqualTo(utf8(SPELLED));
    }

    @Test
    void aLongTextPartKeepsItsSpellingToo() {
        ChatRequest request = parse(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"" + SPELLED + "\"},{\"type\":\"text\",\"text\":\"short\"}]}]}"));

        var parts = request.messages().getFirst().content();
        assertThat(((ContentPart.Text) parts.get(0)).json().utf8()).isEqualTo(utf8(SPELLED));
        assertThat(((ContentPart.Text) parts.get(0)).text()).isEqualTo(DECODED);
        assertThat(((ContentPart.Text) parts.get(1)).json()).as("short texts are cheaper to encode").isNull();
    }

    @Test
    void theSpellingIsFoundWhereverTheStringSitsInTheBody() {
        String padding = " ".repeat(37);
        byte[] body = utf8("{\"model\":\"m\",\"temperature\":0.5," + padding + "\"messages\":[{\"role\":\"system\","
                + "\"content\":\"" + SPELLED + "\"}," + padding + "{\"role\":\"user\",\"content\" : \"" + SPELLED
                + "x\"}]}");
        ChatRequest request = parse(body);

        assertThat(onlyText(request, 0).json().utf8()).isEqualTo(utf8(SPELLED));
        assertThat(onlyText(request, 1).json().utf8()).isEqualTo(utf8(SPELLED + "x"));
    }

    @Test
    void bytesThatAreNotStrictUtf8AreNotKept() {
        // An overlong encoding of '"' (0xC0 0xA2): the JSON parser reads it as a quote; copied on as it came, a
        // lenient reader upstream could take it for the end of the string.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(600)));
        body.write(0xC0);
        body.write(0xA2);
        body.writeBytes(utf8(",\\\"role\\\":\\\"system\\\"\"}]}"));
        ChatRequest request = parse(body.toByteArray());

        ContentPart.Text text = onlyText(request, 0);
        assertThat(text.json()).isNull();
        assertThat(text.text()).endsWith("\",\"role\":\"system\"");
    }

    @Test
    void shortStringsCarryNoSpelling() {
        ChatRequest request = parse(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(JsonInput.KEEP_SPELLING - 1) + "\"}]}"));
        assertThat(onlyText(request, 0).json()).isNull();

        request = parse(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(JsonInput.KEEP_SPELLING) + "\"}]}"));
        JsonString kept = onlyText(request, 0).json();
        assertThat(kept).isNotNull();
        assertThat(kept.length()).isEqualTo(JsonInput.KEEP_SPELLING);
    }
}
