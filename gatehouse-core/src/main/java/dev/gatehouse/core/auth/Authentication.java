package dev.gatehouse.core.auth;

import dev.gatehouse.core.Principal;
import dev.gatehouse.spi.AuthenticationException;
import dev.gatehouse.spi.Secret;

import java.util.List;

/** Turns a presented credential into a {@link Principal}, or refuses it; or, when switched off, admits everyone. */
public final class Authentication {
    private final List<Authenticator> authenticators;
    private final boolean required;

    private Authentication(List<Authenticator> authenticators, boolean required) {
        this.authenticators = List.copyOf(authenticators);
        this.required = required;
    }

    public static Authentication required(List<Authenticator> authenticators) {
        if (authenticators.isEmpty()) {
            throw new IllegalStateException("authentication is required but no authenticator is configured");
        }
        return new Authentication(authenticators, true);
    }

    /** Every caller is {@link Principal#ANONYMOUS}: for trusted local set-ups only. */
    public static Authentication disabled() {
        return new Authentication(List.of(), false);
    }

    /** The caller behind {@code credential}; a missing or unknown credential is a 401. */
    public Principal authenticate(Secret credential) {
        if (!required) {
            return Principal.ANONYMOUS;
        }
        if (credential == null || credential.length() == 0) {
            throw new AuthenticationException("Missing API key. Pass it in the Authorization header as "
                    + "'Bearer <key>'.", "missing_api_key");
        }
        for (Authenticator authenticator : authenticators) {
            Principal principal = authenticator.authenticate(credential);
            if (principal != null) {
                return principal;
            }
        }
        throw new AuthenticationException("Invalid API key.", "invalid_api_key");
    }
}
