package dev.gatehouse.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gatehouse config}: groups the configuration commands; by itself it only explains them. */
@Command(name = "config", description = "Work with configuration files.", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND")
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'gatehouse config check'");
    }
}
