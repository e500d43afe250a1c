package dev.gatehouse.app;

/**
 * The gateway cannot start, for a reason the operator must fix (a weak master key, an unreadable key file, a port in
 * use). The message is printed on its own, without a stack trace, and the process exits with {@link #exitCode()}.
 */
final class StartupException extends RuntimeException {
    private final int exitCode;

    StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
