package dev.gatehouse.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/**
 * What a command needs from the outside world, passed in explicitly so tests run commands in-process with their own
 * environment, streams and working directory.
 *
 * @param env        the environment variables
 * @param out        where results and the start-up banner go
 * @param err        where errors go
 * @param workingDir where {@code ./gatehouse.yaml} is looked for
 * @param random     the source for a generated master key
 */
record AppContext(Map<String, String> env, PrintStream out, PrintStream err, Path workingDir, SecureRandom random,
                  Lifecycle lifecycle) {

    static AppContext system() {
        return new AppContext(System.getenv(), System.out, System.err, Path.of(""), new SecureRandom(),
                Lifecycle.jvm());
    }
}
