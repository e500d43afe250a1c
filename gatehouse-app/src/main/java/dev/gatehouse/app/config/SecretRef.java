package dev.gatehouse.app.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret kept outside the configuration: {@code env:NAME}, {@code os.environ/NAME} (LiteLLM's form),
 * {@code file:/path}. The reference itself is not secret and may be shown in messages; what it resolves to is.
 *
 * @param scheme {@code env}, {@code os.environ}, {@code file}, or a scheme no resolver handles yet ({@code vault}, …)
 * @param target what the scheme names: a variable name, a path, …
 */
public record SecretRef(String scheme, String target) {
    /** LiteLLM's prefix: {@code os.environ/NAME}. */
    public static final String OS_ENVIRON = "os.environ";

    private static final Pattern SCHEME = Pattern.compile("([a-z][a-z0-9+.-]{0,15}):(.*)", Pattern.DOTALL);

    public SecretRef {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(target, "target");
    }

    /**
     * Reads a reference from a configured value; {@code null} when the text does not have the shape of one
     * ({@code scheme:rest} or {@code os.environ/NAME}), i.e. is plaintext.
     */
    public static SecretRef parse(String text) {
        if (text.startsWith(OS_ENVIRON + "/")) {
            return new SecretRef(OS_ENVIRON, text.substring(OS_ENVIRON.length() + 1));
        }
        Matcher m = SCHEME.matcher(text);
        return m.matches() ? new SecretRef(m.group(1), m.group(2)) : null;
    }

    /** The reference as written: {@code env:NAME}, {@code os.environ/NAME}, {@code file:/path}. */
    @Override
    public String toString() {
        return scheme.equals(OS_ENVIRON) ? OS_ENVIRON + "/" + target : scheme + ":" + target;
    }
}
