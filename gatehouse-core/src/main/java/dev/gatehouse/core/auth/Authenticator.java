package dev.gatehouse.core.auth;

import dev.gatehouse.core.Principal;
import dev.gatehouse.spi.Secret;

/** Recognises one kind of credential (the master key; virtual keys). */
@FunctionalInterface
public interface Authenticator {

    /** The principal the credential proves, or {@code null} when this authenticator does not recognise it. */
    Principal authenticate(Secret credential);
}
