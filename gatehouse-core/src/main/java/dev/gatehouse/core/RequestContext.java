package dev.gatehouse.core;

import dev.gatehouse.spi.Secret;

import java.time.Instant;
import java.util.Objects;

/**
 * What the gateway knows about one client request besides its body.
 *
 * @param requestId     unique id, echoed in {@code x-request-id} and every log line
 * @param receivedAt    when the request arrived (from the gateway's clock)
 * @param clientAddress the peer address, for logs and audit
 * @param credential    the bearer credential presented, or {@code null}
 * @param principal     who the caller is, set only by authentication; {@code null} before it
 */
public record RequestContext(String requestId, Instant receivedAt, String clientAddress, Secret credential,
                             Principal principal) {
    public RequestContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public static RequestContext of(String requestId, Instant receivedAt, String clientAddress, Secret credential) {
        return new RequestContext(requestId, receivedAt, clientAddress, credential, null);
    }

    public RequestContext withPrincipal(Principal newPrincipal) {
        return new RequestContext(requestId, receivedAt, clientAddress, credential, newPrincipal);
    }
}
