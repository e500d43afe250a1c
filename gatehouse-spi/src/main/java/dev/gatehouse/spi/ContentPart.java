package dev.gatehouse.spi;

import java.util.Objects;

/** One part of a message's content. Providers translate the parts they support and reject the others. */
public sealed interface ContentPart {

    /**
     * Plain text.
     *
     * @param json how the client spelled a long text in its JSON, when the request parser kept it, else {@code null};
     *             a codec writing JSON may copy it instead of encoding {@code text}. It is how the text was written,
     *             not what it says, so equality is the text's alone. A changed text is a new part, without one.
     */
    record Text(String text, JsonString json) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        public Text(String text) {
            this(text, null);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text other && text.equals(other.text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "Text[text=" + text + "]";
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
