package dev.gatehouse.app.config;

import java.net.URI;
import java.util.Map;

/** The API base a provider uses when a model entry gives no {@code api_base}. */
final class ProviderDefaults {
    /** What a bare model name (no {@code provider/} prefix) means, as in LiteLLM. */
    static final String DEFAULT_PROVIDER = "openai";
    /** The in-process provider: no base URL, no key. */
    static final String MOCK = "mock";

    private static final Map<String, URI> API_BASES = Map.of(
            "openai", URI.create("https://api.openai.com/v1"));

    private ProviderDefaults() {
    }

    /** The default API base, or {@code null} when the provider has none (it must be configured). */
    static URI apiBase(String provider) {
        return API_BASES.get(provider);
    }
}
