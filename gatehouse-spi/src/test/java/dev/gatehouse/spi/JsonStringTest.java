package dev.gatehouse.spi;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The JDK's decoder, told to report rather than replace: the reference for well-formed UTF-8. */
    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean strict(byte[] b) {
        return JsonString.isStrictUtf8(b, 0, b.length);
    }

    @Test
    void wellFormedUtf8IsKeptAsACopy() {
        byte[] source = "x\"caf\u00e9 \u4e2d \ud83d\ude00 \\u00e9\"y".getBytes(StandardCharsets.UTF_8);
        JsonString json = JsonString.of(source, 2, source.length - 4);

        assertThat(json).isNotNull();
        assertThat(new String(json.utf8(), StandardCharsets.UTF_8)).isEqualTo("caf\u00e9 \u4e2d \ud83d\ude00 \\u00e9");
        source[2] = 'X';
        assertThat(json.utf8()[0]).as("a copy, not a view of the caller's buffer").isEqualTo((byte) 'c');
        assertThat(json.length()).isEqualTo(json.utf8().length);
    }

    @Test
    void boundariesOfEachSequenceLengthAreAccepted() {
        for (int cp : new int[] {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF}) {
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(strict(b)).as("U+%04X", cp).isTrue();
        }
    }

    @Test
    void overlongFormsSurrogatesAndOutOfRangeAreRefused() {
        assertThat(JsonString.of(bytes(0xC0, 0xA2), 0, 2)).as("overlong quote").isNull();
        assertThat(strict(bytes(0xC1, 0xBF))).isFalse();
        assertThat(strict(bytes(0xE0, 0x80, 0xA2))).as("overlong quote in three bytes").isFalse();
        assertThat(strict(bytes(0xF0, 0x80, 0x80, 0xA2))).as("overlong quote in four bytes").isFalse();
        assertThat(strict(bytes(0xED, 0xA0, 0x80))).as("encoded surrogate").isFalse();
        assertThat(strict(bytes(0xF4, 0x90, 0x80, 0x80))).as("above U+10FFFF").isFalse();
        assertThat(strict(bytes(0xF5, 0x80, 0x80, 0x80))).isFalse();
        assertThat(strict(bytes(0x80))).as("a continuation byte first").isFalse();
        assertThat(strict(bytes(0xE2, 0x82))).as("cut off at the end").isFalse();
        assertThat(strict(bytes(0xE2, 0x41, 0x41))).as("cut off in the middle").isFalse();
    }

    @Test
    void aBadSequenceIsFoundAtEveryAlignmentOfTheAsciiFastPath() {
        for (int prefix = 0; prefix < 20; prefix++) {
            for (int suffix = 0; suffix < 10; suffix++) {
                byte[] b = new byte[prefix + 2 + suffix];
                java.util.Arrays.fill(b, (byte) 'a');
                b[prefix] = (byte) 0xC0;
                b[prefix + 1] = (byte) 0xA2;
                assertThat(strict(b)).as("prefix %d suffix %d", prefix, suffix).isFalse();
                b[prefix] = (byte) 0xC3;
                b[prefix + 1] = (byte) 0xA9;
                assertThat(strict(b)).as("prefix %d suffix %d", prefix, suffix).isTrue();
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(20261203L);
        int[] alphabet = {'a', ' ', '"', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int run = 0; run < 50_000; run++) {
            byte[] b = new byte[random.nextInt(14)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(strict(b)).as("bytes %s", java.util.HexFormat.ofDelimiter(" ").formatHex(b))
                    .isEqualTo(jdkAccepts(b));
        }
    }

    @Test
    void printsItsLengthOnly() {
        byte[] b = "secret prompt text".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonString.of(b, 0, b.length)).hasToString("JsonString[18 bytes]");
    }

    @Test
    void aTextIsEqualWithOrWithoutItsSpelling() {
        byte[] b = "caf\\u00e9".getBytes(StandardCharsets.UTF_8);
        ContentPart.Text spelled = ContentPart.Text.spelled(JsonString.of(b, 0, b.length));
        ContentPart.Text plain = new ContentPart.Text("caf\u00e9");

        assertThat(spelled).isEqualTo(plain).hasSameHashCodeAs(plain).hasToString("Text[text=caf\u00e9]");
        assertThat(Message.text(Role.USER, "caf\u00e9").textContent()).isEqualTo("caf\u00e9");
    }
}
