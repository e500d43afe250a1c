package dev.gatehouse.server.openai;

import java.util.Set;

/**
 * Request fields a client may not send through the gateway: they would choose the upstream endpoint or its
 * credentials (LiteLLM accepts {@code api_base} per request, which makes the gateway an SSRF proxy). They are refused
 * with a 400 rather than dropped, so the client learns they had no effect.
 */
final class ForbiddenFields {
    private static final Set<String> NAMES = Set.of(
            "api_base", "base_url", "api_key", "api_version", "custom_llm_provider",
            "azure_ad_token", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_region_name",
            "vertex_credentials", "vertex_project", "vertex_location", "extra_headers");

    private ForbiddenFields() {
    }

    static boolean contains(String name) {
        return NAMES.contains(name);
    }
}
