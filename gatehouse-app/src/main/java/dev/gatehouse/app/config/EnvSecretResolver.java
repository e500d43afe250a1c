package dev.gatehouse.app.config;

import dev.gatehouse.spi.Secret;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code env:NAME} and LiteLLM's {@code os.environ/NAME}: the value of an environment variable. */
final class EnvSecretResolver implements SecretResolver {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final Map<String, String> env;

    EnvSecretResolver(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public List<String> schemes() {
        return List.of("env", SecretRef.OS_ENVIRON);
    }

    @Override
    public List<String> forms() {
        return List.of("env:NAME", "os.environ/NAME");
    }

    @Override
    public Secret resolve(SecretRef ref) {
        String name = ref.target();
        if (!NAME.matcher(name).matches()) {
            throw new SecretResolutionException(ref + ": '" + name + "' is not a valid environment variable name");
        }
        String value = env.get(name);
        if (value == null) {
            throw new SecretResolutionException(ref + ": environment variable " + name + " is not set");
        }
        if (value.isBlank()) {
            throw new SecretResolutionException(ref + ": environment variable " + name + " is empty");
        }
        return Secret.of(value.strip());
    }
}
