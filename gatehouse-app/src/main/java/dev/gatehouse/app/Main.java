package dev.gatehouse.app;

import dev.gatehouse.app.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Set;

/**
 * The {@code gatehouse} command line. Commands are wired explicitly in {@link #commandLine}; with no command (or only
 * options) {@code serve} runs.
 */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Gatehouse, a self-hosted LLM gateway: an OpenAI-compatible API in front of many providers.")
public final class Main implements Runnable {
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @Spec
    CommandSpec spec;

    private Main() {
    }

    public static void main(String[] args) {
        AppContext context = AppContext.system();
        if (Logging.checkFormat(context.env()) == null) {
            Logging.install();
        }
        System.exit(run(args, context));
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    static int run(String[] args, AppContext context) {
        String formatProblem = Logging.checkFormat(context.env());
        if (formatProblem != null) {
            context.err().println(formatProblem);
            return ExitCodes.CONFIG;
        }
        return commandLine(context, new ListenerLauncher()).execute(withDefaultCommand(args));
    }

    static CommandLine commandLine(AppContext context, ServerLauncher launcher) {
        CommandLine config = new CommandLine(new ConfigCommand())
                .addSubcommand("check", new ConfigCheckCommand(context));
        CommandLine cli = new CommandLine(new Main())
                .addSubcommand("serve", new ServeCommand(context, launcher))
                .addSubcommand("config", config)
                .addSubcommand("version", new VersionCommand(context));
        cli.getCommandSpec().version(Version.describe());
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, context));
        return cli;
    }

    /** {@code serve} when no command is given: {@code gatehouse} and {@code gatehouse --port 5000} both serve. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL_OPTIONS.contains(args[0]))) {
            String[] withServe = new String[args.length + 1];
            withServe[0] = "serve";
            System.arraycopy(args, 0, withServe, 1, args.length);
            return withServe;
        }
        return args;
    }

    /** Operator errors are one clear message on stderr, no stack trace; anything else is a bug, logged in full. */
    private static int failure(Exception e, AppContext context) {
        return switch (e) {
            case ConfigException c -> {
                ConfigCheckCommand.printErrors(context.err(), c.errors());
                yield ExitCodes.CONFIG;
            }
            case StartupException s -> {
                context.err().println(s.getMessage());
                yield s.exitCode();
            }
            default -> {
                LoggerFactory.getLogger(Main.class).error("Unexpected failure", e);
                context.err().println("gatehouse: unexpected failure: " + e.getClass().getName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                yield ExitCodes.FAILED;
            }
        };
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
