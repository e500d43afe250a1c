package dev.gatehouse.app.config;

/**
 * A scalar exactly as written, before it is given a type: the text and where it came from. {@code text} is
 * {@code null} for an explicit YAML null ({@code key:} with no value), which means "not set".
 */
record RawValue(String text, Origin origin) {

    boolean isNull() {
        return text == null;
    }

    /** The text quoted for an error message, shortened; never use this for a secret. */
    String quoted() {
        String t = text == null ? "null" : text;
        if (t.length() > 60) {
            t = t.substring(0, 57) + "...";
        }
        return '"' + t.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }
}
