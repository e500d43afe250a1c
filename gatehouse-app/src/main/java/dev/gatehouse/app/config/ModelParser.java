package dev.gatehouse.app.config;

import dev.gatehouse.app.config.RawConfig.RawModel;
import dev.gatehouse.spi.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Types one {@code model_list} entry: splits {@code provider/model}, checks the provider is known, applies the
 * provider's default API base, resolves the API key reference.
 */
final class ModelParser {
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final List<String> providers;
    private final SecretResolvers resolvers;
    private final boolean allowPlaintext;
    private final Problems problems;

    ModelParser(List<String> providers, SecretResolvers resolvers, boolean allowPlaintext, Problems problems) {
        this.providers = providers;
        this.resolvers = resolvers;
        this.allowPlaintext = allowPlaintext;
        this.problems = problems;
    }

    /** The entry, or {@code null} when it has errors (already reported). */
    ModelEntry parse(RawModel raw) {
        String name = Values.string(raw.modelName(), raw.path() + "." + ConfigSchema.MODEL_NAME, problems);
        String modelPath = raw.paramsPath() + "." + ConfigSchema.MODEL;
        RawValue model = raw.params().get(ConfigSchema.MODEL);
        String modelText = Values.string(model, modelPath, problems);
        String provider = null;
        String upstream = null;
        if (modelText != null) {
            int slash = modelText.indexOf('/');
            provider = slash < 0 ? ProviderDefaults.DEFAULT_PROVIDER : modelText.substring(0, slash);
            upstream = slash < 0 ? modelText : modelText.substring(slash + 1);
            if (provider.isEmpty() || upstream.isEmpty()) {
                problems.error(model.origin(), modelPath, "expected provider/model (e.g. openai/gpt-4o), got "
                        + model.quoted());
                provider = null;
            } else if (!providers.contains(provider)) {
                problems.error(model.origin(), modelPath, "unknown provider '" + provider + "' in " + model.quoted()
                        + "; known providers: " + String.join(", ", providers));
                provider = null;
            }
        }
        URI apiBase = apiBase(raw, provider);
        Secret apiKey = resolvers.resolveSetting(raw.params().get(ConfigSchema.API_KEY),
                raw.paramsPath() + "." + ConfigSchema.API_KEY, allowPlaintext, problems);
        Integer rpm = Values.positiveInt(raw.params().get(ConfigSchema.RPM), raw.paramsPath() + "." + ConfigSchema.RPM,
                problems);
        Integer tpm = Values.positiveInt(raw.params().get(ConfigSchema.TPM), raw.paramsPath() + "." + ConfigSchema.TPM,
                problems);
        Map<String, String> headers = headers(raw);
        if (name == null || provider == null || headers == null) {
            return null;
        }
        return new ModelEntry(name, provider, upstream, apiBase, apiKey, headers, rpm, tpm);
    }

    private URI apiBase(RawModel raw, String provider) {
        String path = raw.paramsPath() + "." + ConfigSchema.API_BASE;
        RawValue value = raw.params().get(ConfigSchema.API_BASE);
        String text = Values.string(value, path, problems);
        if (text == null) {
            if (provider == null || provider.equals(ProviderDefaults.MOCK)) {
                return null;
            }
            URI fallback = ProviderDefaults.apiBase(provider);
            if (fallback == null && (value == null || value.isNull())) {
                problems.error(raw.origin(), path, "missing: provider '" + provider + "' has no default API base, "
                        + "so give api_base");
            }
            return fallback;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.error(value.origin(), path, "not a valid URL (" + e.getReason() + ")");
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo this one: it holds a credential.
            problems.error(value.origin(), path, "must not contain credentials (user:password@); use api_key");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            problems.error(value.origin(), path, "expected an http(s) URL such as https://api.openai.com/v1, got "
                    + value.quoted());
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.error(value.origin(), path, "must not have a query or fragment, got " + value.quoted());
            return null;
        }
        return uri;
    }

    private Map<String, String> headers(RawModel raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean ok = true;
        for (var e : raw.extraHeaders().entrySet()) {
            String path = raw.paramsPath() + "." + ConfigSchema.EXTRA_HEADERS + "." + e.getKey();
            RawValue value = e.getValue();
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                problems.error(value.origin(), path, "not a valid HTTP header name");
                ok = false;
            } else if (value.isNull() || value.text().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                problems.error(value.origin(), path, "expected a single-line header value");
                ok = false;
            } else {
                headers.put(e.getKey(), value.text());
            }
        }
        return ok ? headers : null;
    }
}
