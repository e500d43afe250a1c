package dev.gatehouse.server.openai;

import dev.gatehouse.spi.ChatRequest;
import com.fasterxml.jackson.core.JsonParser;
import dev.gatehouse.spi.ContentPart;
import dev.gatehouse.spi.InvalidRequestException;
import dev.gatehouse.spi.JsonString;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A long text is kept as the bytes the client wrote for it, exactly, and decodes to what the JSON parser reads. */
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

    /**
     * The spelling is kept without decoding it, but the parser still reads past it: a long string that is not valid
     * JSON fails the request as unparseable, as one the parser had decoded would.
     */
    @Test
    void aMalformedLongStringStillFailsTheRequest() {
        String good = "a".repeat(700);
        for (String bad : new String[] {good + "\\x", good + "\\u12g4", good + "\\u00", good + "\\u0001\\q",
                good + "\\", good + "\\u123"}) {
            byte[] body = utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + bad + "\"}]}");
            assertThatThrownBy(() -> parse(body)).as(bad).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("could not parse the JSON body");
        }
        for (int control : new int[] {0x00, 0x0A, 0x1F}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + good));
            body.write(control);
            body.writeBytes(utf8("\"}]}"));
            assertThatThrownBy(() -> parse(body.toByteArray())).as("raw 0x%02x", control)
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("could not parse");
        }
        byte[] unterminated = utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + good);
        assertThatThrownBy(() -> parse(unterminated)).isInstanceOf(InvalidRequestException.class);
    }

    /** Random long strings with every kind of escape: the kept text decodes to what the JSON parser decodes. */
    @Test
    void aSpelledTextDecodesAsTheParserReadsIt() throws IOException {
        Random random = new Random(42);
        String[] pieces = {"a", "Z", " ", "\\\"", "\\\\", "\\/", "/", "\\b", "\\f", "\\n", "\\r", "\\t",
            "\\u00e9", "\\u00C9", "\\ud83d\\ude00", "\\uDC00", "\\u0000", "\u00e9", "\u4e2d", "\ud83d\ude00",
            "\u2019"};
        for (int round = 0; round < 300; round++) {
            StringBuilder spelled = new StringBuilder();
            while (spelled.length() < JsonInput.KEEP_SPELLING + random.nextInt(2000)) {
                spelled.append(pieces[random.nextInt(pieces.length)]);
            }
            ChatRequest request = parse(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + spelled + "\"}]}"));
            ContentPart.Text text = onlyText(request, 0);
            assertThat(text.json()).isNotNull();
            try (JsonParser alone = Json.FACTORY.createParser(utf8("\"" + spelled + "\""))) {
                alone.nextToken();
                assertThat(text.text()).isEqualTo(alone.getText());
            }
        }
    }
}
