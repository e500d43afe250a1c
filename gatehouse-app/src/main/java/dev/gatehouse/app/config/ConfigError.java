package dev.gatehouse.app.config;

/**
 * One problem with a configuration, e.g. {@code gatehouse.yaml:12: model_list[1].litellm_params.rpm: expected an
 * integer, got "lots"}. Messages name keys, references and locations, never a secret value.
 *
 * @param origin where the offending value is
 * @param path   the key path ({@code server.port}, {@code model_list[0].litellm_params.api_key}), or {@code null}
 */
public record ConfigError(Origin origin, String path, String message) {

    public String format() {
        StringBuilder sb = new StringBuilder(origin.describe());
        if (origin.kind() == Origin.Kind.ENVIRONMENT || origin.kind() == Origin.Kind.OPTION) {
            if (path != null) {
                sb.append(" (").append(path).append(')');
            }
        } else if (path != null) {
            sb.append(": ").append(path);
        }
        return sb.append(": ").append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
