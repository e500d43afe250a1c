package dev.gatehouse.spi;

import java.util.Objects;

/**
 * A JSON value carried through the gateway untouched (tool schemas, {@code response_format}, provider-specific extras).
 * The SPI has no JSON library; codecs parse the text when they need to look inside.
 *
 * @param json syntactically valid JSON text
 */
public record RawJson(String json) {
    public RawJson {
        Objects.requireNonNull(json, "json");
    }

    public static RawJson of(String json) {
        return new RawJson(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
