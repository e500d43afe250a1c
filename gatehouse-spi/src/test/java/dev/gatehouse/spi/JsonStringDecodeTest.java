package dev.gatehouse.spi;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spelling decodes to the text it spells, however each character was written. */
class JsonStringDecodeTest {

    private static JsonString spelling(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return JsonString.of(b, 0, b.length);
    }

    @Test
    void everyEscapeJsonHasIsResolved() {
        assertThat(spelling("a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti").decode()).isEqualTo("a\"b\\c/d\be\ff\ng\rh\ti");
        assertThat(spelling("caf\\u00e9 \\u00E9 \\ud83d\\ude00 \\uD800").decode())
                .isEqualTo("caf\u00e9 \u00e9 \ud83d\ude00 \ud800");
        assertThat(spelling("plain m\u00fcnchen \u4e2d \ud83d\ude00").decode()).isEqualTo("plain m\u00fcnchen \u4e2d \ud83d\ude00");
        assertThat(spelling("").decode()).isEmpty();
        assertThat(spelling("\\n").decode()).isEqualTo("\n");
    }

    @Test
    void escapesJsonDoesNotHaveAreRefused() {
        for (String bad : new String[] {"\\x41", "\\u12", "\\u12g4", "end\\", "\\U0041", "\\'", "\\u\u0661\u0662\u0663\u0664"}) {
            assertThatThrownBy(() -> spelling(bad).decode()).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Random texts, each character spelled one of the ways JSON allows, decode back to themselves. */
    @Test
    void randomSpellingsDecodeToTheirText() {
        Random random = new Random(20261204);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(6);
                if (kind == 0) {
                    int cp = 0x10000 + random.nextInt(0x100000); // a pair: raw or as two escapes
                    String pair = Character.toString(cp);
                    text.append(pair);
                    if (random.nextBoolean()) {
                        json.writeBytes(pair.getBytes(StandardCharsets.UTF_8));
                    } else {
                        escapeUnit(json, pair.charAt(0), random);
                        escapeUnit(json, pair.charAt(1), random);
                    }
                } else if (kind == 1) {
                    char lone = (char) (0xD800 + random.nextInt(0x800)); // only an escape can spell it
                    text.append(lone);
                    escapeUnit(json, lone, random);
                } else {
                    char c = (char) (kind == 2 ? random.nextInt(0x20) : kind == 3 ? random.nextInt(0x80)
                            : random.nextInt(0xD800));
                    text.append(c);
                    spell(json, c, random);
                }
            }
            byte[] b = json.toByteArray();
            JsonString s = JsonString.of(b, 0, b.length);
            assertThat(s).as("strict UTF-8: %s", text).isNotNull();
            assertThat(s.decode()).isEqualTo(text.toString());
        }
    }

    private static void spell(ByteArrayOutputStream json, char c, Random random) {
        String shortForm = switch (c) {
            case '"' -> "\\\"";
            case '\\' -> random.nextBoolean() ? "\\\\" : null;
            case '/' -> random.nextBoolean() ? "\\/" : "/";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
        if (shortForm != null && random.nextInt(3) > 0) {
            json.writeBytes(shortForm.getBytes(StandardCharsets.US_ASCII));
        } else if (c < 0x20 || c == '"' || c == '\\' || random.nextInt(4) == 0) {
            escapeUnit(json, c, random);
        } else {
            json.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void escapeUnit(ByteArrayOutputStream json, char unit, Random random) {
        String hex = String.format("%04x", (int) unit);
        json.writeBytes(("\\u" + (random.nextBoolean() ? hex : hex.toUpperCase())).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aSpelledTextIsDecodedOnceWhenFirstRead() {
        ContentPart.Text text = ContentPart.Text.spelled(spelling("caf\\u00e9"));
        String first = text.text();
        assertThat(first).isEqualTo("caf\u00e9");
        assertThat(text.text()).isSameAs(first);
        assertThat(text.json().decode()).isEqualTo(first);
    }
}
