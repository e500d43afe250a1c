package dev.gatehouse.app;

/** Process exit codes. */
final class ExitCodes {
    static final int OK = 0;
    /** {@code config check} found problems; an unexpected failure. */
    static final int FAILED = 1;
    /** The configuration or the command line is unusable, or start-up was refused (weak master key, …). */
    static final int CONFIG = 2;

    private ExitCodes() {
    }
}
