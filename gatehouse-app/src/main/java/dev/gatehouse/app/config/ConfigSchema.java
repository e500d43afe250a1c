package dev.gatehouse.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys a configuration may hold, section by section, and the LiteLLM keys we recognise but do not implement yet.
 * Recognised keys are accepted so a LiteLLM {@code config.yaml} loads unchanged, with one warning each; anything else
 * is an error. The recognised lists are deliberately explicit: adding a key here is a decision, not a default.
 */
final class ConfigSchema {
    static final String SERVER = "server";
    static final String GENERAL = "general_settings";
    static final String MODEL_LIST = "model_list";
    static final String MODEL_NAME = "model_name";
    static final String LITELLM_PARAMS = "litellm_params";
    static final String PARAMS = "params";
    static final String MODEL = "model";
    static final String API_BASE = "api_base";
    static final String API_KEY = "api_key";
    static final String RPM = "rpm";
    static final String TPM = "tpm";
    static final String EXTRA_HEADERS = "extra_headers";

    static final List<String> TOP_LEVEL = List.of(SERVER, GENERAL, MODEL_LIST);
    static final List<String> MODEL_ENTRY = List.of(MODEL_NAME, LITELLM_PARAMS, PARAMS);
    static final List<String> MODEL_PARAMS = List.of(MODEL, API_BASE, API_KEY, RPM, TPM, EXTRA_HEADERS);

    /** LiteLLM top-level sections: accepted, ignored, one warning each. */
    static final Set<String> LITELLM_TOP_LEVEL = Set.of(
            "litellm_settings", "router_settings", "environment_variables", "guardrails");

    /** LiteLLM {@code general_settings} keys: accepted, ignored. */
    static final Set<String> LITELLM_GENERAL = Set.of(
            "database_url", "database_connection_pool_limit", "database_connection_timeout", "store_model_in_db",
            "alerting", "alerting_threshold", "proxy_batch_write_at", "disable_spend_logs",
            "background_health_checks");

    /** LiteLLM keys of a {@code model_list} entry: accepted, ignored. */
    static final Set<String> LITELLM_MODEL_ENTRY = Set.of("model_info");

    /** LiteLLM keys of {@code litellm_params}: accepted, ignored. */
    static final Set<String> LITELLM_MODEL_PARAMS = Set.of(
            "timeout", "stream_timeout", "max_retries", "api_version", "organization");

    /** Keys we read but whose effect is not implemented yet: a warning says so. */
    static final Map<String, String> NOT_ENFORCED_YET = Map.of(
            RPM, "is accepted but not enforced yet",
            TPM, "is accepted but not enforced yet");

    private ConfigSchema() {
    }

    /** Every key name valid somewhere, with the section path a misplaced key belongs under. */
    static Map<String, String> homes() {
        Map<String, String> homes = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            homes.putIfAbsent(s.key(), s.section().key);
        }
        MODEL_PARAMS.forEach(k -> homes.putIfAbsent(k, "model_list[]." + LITELLM_PARAMS));
        homes.putIfAbsent(MODEL_NAME, "model_list[]");
        LITELLM_GENERAL.forEach(k -> homes.putIfAbsent(k, GENERAL));
        return homes;
    }

    /**
     * The message for an unknown key: a close spelling among {@code allowed} if there is one, else the section it
     * belongs to if it is valid elsewhere, else the list of allowed keys.
     */
    static String unknownKey(String key, List<String> allowed, Set<String> recognised) {
        List<String> candidates = new ArrayList<>(allowed);
        candidates.addAll(recognised);
        String close = Suggestions.closest(key, candidates);
        if (close != null) {
            return "unknown key '" + key + "' (did you mean '" + close + "'?)";
        }
        String home = homes().get(key);
        if (home != null) {
            return "unknown key '" + key + "' here (it belongs under " + home + ")";
        }
        return "unknown key '" + key + "'; expected one of " + String.join(", ", allowed);
    }
}
