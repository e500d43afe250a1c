package dev.gatehouse.core.upstream;

/** Decodes a JSON string literal without a JSON library (core sees no wire formats, only this one literal). */
final class JsonStrings {
    private JsonStrings() {
    }

    /** The value of a quoted JSON string literal such as {@code "a\"b"}. */
    static String unquote(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 >= literal.length() - 1) {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < literal.length()) {
                        out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
