package dev.gatehouse.app;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gatehouse version}. */
@Command(name = "version", description = "Print the version.", mixinStandardHelpOptions = true)
final class VersionCommand implements Callable<Integer> {
    private final AppContext context;

    VersionCommand(AppContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.out().println(Version.describe());
        return ExitCodes.OK;
    }
}
