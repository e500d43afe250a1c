package dev.gatehouse.core.auth;

import dev.gatehouse.core.Principal;
import dev.gatehouse.spi.Secret;

/** Accepts exactly the gateway's master key, compared in constant time. */
public final class MasterKeyAuthenticator implements Authenticator {
    private static final Principal MASTER = new Principal("master", Principal.Kind.MASTER_KEY);
    private final Secret masterKey;

    public MasterKeyAuthenticator(Secret masterKey) {
        MasterKeyPolicy.requireStrong(masterKey);
        this.masterKey = masterKey;
    }

    @Override
    public Principal authenticate(Secret credential) {
        return masterKey.matches(credential.reveal()) ? MASTER : null;
    }
}
