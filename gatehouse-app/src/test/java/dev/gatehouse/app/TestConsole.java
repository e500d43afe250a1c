package dev.gatehouse.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/** Captured stdout and stderr, and an {@link AppContext} writing to them. */
final class TestConsole {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    AppContext context(Map<String, String> env, Path workingDir, Lifecycle lifecycle) {
        return new AppContext(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), workingDir, new SecureRandom(), lifecycle);
    }

    /** A context whose server stops as soon as it has started. */
    AppContext context(Map<String, String> env, Path workingDir) {
        return context(env, workingDir, (port, stop) -> stop.run());
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
