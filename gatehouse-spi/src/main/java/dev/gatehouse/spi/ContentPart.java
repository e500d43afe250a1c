package dev.gatehouse.spi;

import java.util.Objects;

/** One part of a message's content. Providers translate the parts they support and reject the others. */
public sealed interface ContentPart {

    /**
     * Plain text. A long text the request parser read is made from the client's spelling ({@link #spelled}) and
     * decoded only when something reads {@link #text()}: a request relayed to a provider that speaks the client's JSON
     * is sent the spelling and never needs the text. Equality is the text's alone: the spelling is how it was written,
     * not what it says. A changed text is a new part, without one.
     */
    final class Text implements ContentPart {
        private final JsonString json;
        private String text; // for a spelled text, decoded on first read; a race decodes it twice to equal strings

        public Text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            this.json = null;
        }

        private Text(JsonString json) {
            this.json = json;
        }

        /** A text known by its JSON spelling, decoded when first read. */
        public static Text spelled(JsonString json) {
            return new Text(Objects.requireNonNull(json, "json"));
        }

        public String text() {
            String t = text;
            if (t == null) {
                t = json.decode();
                text = t;
            }
            return t;
        }

        /**
         * How the client spelled this text in its JSON, when the request parser kept it, else {@code null}; a codec
         * writing JSON may copy it instead of encoding {@link #text()}.
         */
        public JsonString json() {
            return json;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text other && text().equals(other.text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return "Text[text=" + text() + "]";
        }
    }

    /**
     * An image by URL or {@code data:} URI. The gateway never fetches it; providers receive the reference.
     *
     * @param detail {@code auto}, {@code low}, {@code high} or {@code null}
     */
    record Image(String url, String detail) implements ContentPart {
        public Image {
            Objects.requireNonNull(url, "url");
        }
    }

    /** Base64 audio input, e.g. format {@code wav} or {@code mp3}. */
    record Audio(String data, String format) implements ContentPart {
        public Audio {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(format, "format");
        }
    }

    /** A part of a type the canonical model does not know, kept verbatim (its whole JSON object). */
    record Other(String type, RawJson json) implements ContentPart {
        public Other {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(json, "json");
        }
    }
}
