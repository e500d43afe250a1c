package dev.gatehouse.app.config;

import dev.gatehouse.spi.Secret;

import java.util.List;

/**
 * Turns a {@link SecretRef} into the secret it names. One resolver per kind of store; new stores (Vault, AWS Secrets
 * Manager, GCP Secret Manager) are added by implementing this and registering it in {@link SecretResolvers}.
 */
public interface SecretResolver {

    /** The schemes this resolver handles, e.g. {@code env} and {@code os.environ}. */
    List<String> schemes();

    /** How a reference is written, for help messages: {@code env:NAME}. */
    List<String> forms();

    /**
     * The secret. Failures throw {@link SecretResolutionException} with a message that names the reference, never
     * anything read from the store.
     */
    Secret resolve(SecretRef ref);
}
