package dev.gatehouse.spi;

import java.util.Objects;

/** One part of a message's content. Providers translate the parts they support and reject the others. */
public sealed interface ContentPart {

    /** Plain text. */
    record Text(String text) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
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
