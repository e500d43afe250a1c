package dev.gatehouse.app.config;

import dev.gatehouse.spi.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registered {@link SecretResolver}s by scheme, and the rules for a configured secret value: a reference is
 * resolved; plaintext in a config file is refused unless {@code general_settings.allow_plaintext_secrets} is on;
 * plaintext from the environment or the command line is accepted (it is already outside the file).
 */
public final class SecretResolvers {
    /** Schemes of secret stores we plan to support; named so the error says "not yet" rather than "unknown". */
    private static final Set<String> PLANNED = Set.of("vault", "aws-sm", "gcp-sm", "azure-kv");

    private final Map<String, SecretResolver> byScheme = new LinkedHashMap<>();

    public SecretResolvers(List<SecretResolver> resolvers) {
        for (SecretResolver r : resolvers) {
            r.schemes().forEach(s -> byScheme.put(s, r));
        }
    }

    /** {@code env:}, {@code os.environ/} and {@code file:}, reading variables from {@code env}. */
    public static SecretResolvers standard(Map<String, String> env) {
        return new SecretResolvers(List.of(new EnvSecretResolver(env), new FileSecretResolver()));
    }

    /** The supported forms, for messages: {@code env:NAME, os.environ/NAME, file:/path}. */
    public String supportedForms() {
        List<String> forms = new ArrayList<>();
        byScheme.values().stream().distinct().forEach(r -> forms.addAll(r.forms()));
        return String.join(", ", forms);
    }

    /** Resolves a reference; an unsupported scheme is an error listing the supported ones. */
    public Secret resolve(SecretRef ref) {
        SecretResolver resolver = byScheme.get(ref.scheme());
        if (resolver != null) {
            return resolver.resolve(ref);
        }
        if (PLANNED.contains(ref.scheme())) {
            throw new SecretResolutionException(ref.scheme() + ": secret references are not supported yet; "
                    + "supported: " + supportedForms());
        }
        // Do not echo the text: a plaintext secret containing ':' would be shown.
        throw new SecretResolutionException("not a supported secret reference (the part before ':' is not a known "
                + "scheme); supported: " + supportedForms());
    }

    /**
     * The secret a configured value stands for, or {@code null} when it is not set. Problems are reported against
     * {@code path}, without the value.
     */
    Secret resolveSetting(RawValue value, String path, boolean allowPlaintext, Problems problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.text().strip();
        if (text.isEmpty()) {
            return null;
        }
        SecretRef ref = SecretRef.parse(text);
        if (ref == null || (value.origin().outsideFile() && !byScheme.containsKey(ref.scheme())
                && !PLANNED.contains(ref.scheme()))) {
            // Plaintext. From the environment or a command-line option that is how secrets are meant to arrive.
            if (value.origin().outsideFile() || allowPlaintext) {
                return Secret.of(text);
            }
            problems.error(value.origin(), path, "a plaintext secret is not allowed in a config file; put it in an "
                    + "environment variable and write env:NAME (supported references: " + supportedForms()
                    + "), or set general_settings.allow_plaintext_secrets: true");
            return null;
        }
        try {
            return resolve(ref);
        } catch (SecretResolutionException e) {
            problems.error(value.origin(), path, e.getMessage());
            return null;
        }
    }
}
