package dev.gatehouse.core.upstream;

import java.net.URI;

/**
 * The origins of the URIs one loop sent to lately, found by the URI's identity. A deployment's URIs are made once
 * ({@code UpstreamTarget.resolve} keeps them), so the same instance comes with every request to it, and taking its
 * origin apart again (the scheme compared, the host lower-cased, a record made) was work done per request for
 * nothing. Direct-mapped over a few slots: a URI made anew for each request costs what it did before, and evicts
 * one slot. Confined to the loop.
 */
final class Origins {
    private static final int SLOTS = 64;

    private final URI[] uris = new URI[SLOTS];
    private final Origin[] origins = new Origin[SLOTS];

    /**
     * The URI's origin.
     *
     * @throws IllegalArgumentException as {@link Origin#of} does
     */
    Origin of(URI uri) {
        int slot = System.identityHashCode(uri) & (SLOTS - 1);
        if (uris[slot] == uri) {
            return origins[slot];
        }
        Origin origin = Origin.of(uri);
        uris[slot] = uri;
        origins[slot] = origin;
        return origin;
    }
}
