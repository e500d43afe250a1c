package dev.gatehouse.core.log;

/**
 * Where the access log's lines go, one {@link AccessEntry} per request. The default writes each entry's {@linkplain
 * AccessEntry#message() text} at INFO to the logger {@value #LOGGER}; an application that owns its logging can give a
 * sink that writes the same lines more cheaply.
 */
public interface AccessLog {
    /** The logger the default sink writes to. */
    String LOGGER = "gatehouse.access";

    /** Whether entries are written at all; when not, the filter does not build them. */
    boolean enabled();

    /** Writes one entry. Called on the request's thread: it must not block. */
    void write(AccessEntry entry);

    /** The default sink: the logger {@value #LOGGER}, at INFO. */
    static AccessLog slf4j() {
        return Slf4jAccessLog.INSTANCE;
    }
}
