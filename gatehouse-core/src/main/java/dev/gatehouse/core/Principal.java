package dev.gatehouse.core;

import java.util.Objects;

/**
 * An authenticated caller.
 *
 * @param id a stable, non-secret identifier (never the key itself)
 */
public record Principal(String id, Kind kind) {
    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    /** How the caller proved who it is. */
    public enum Kind {
        /** The gateway's master key: full access. */
        MASTER_KEY,
        /** A virtual key issued by an administrator. */
        VIRTUAL_KEY,
        /** Code in the same process using the library API. */
        IN_PROCESS,
        /** Authentication is switched off by configuration. */
        ANONYMOUS
    }

    public static final Principal IN_PROCESS = new Principal("in-process", Kind.IN_PROCESS);
    public static final Principal ANONYMOUS = new Principal("anonymous", Kind.ANONYMOUS);
}
