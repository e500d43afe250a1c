package dev.gatehouse.app.config;

/**
 * Where a configuration value came from, so an error can point at it: a line of the config file, an environment
 * variable, a command-line option, or the built-in defaults.
 */
public record Origin(Kind kind, String name, int line) {

    /** The kinds of place a value can come from. */
    public enum Kind { FILE, ENVIRONMENT, OPTION, DEFAULT }

    static Origin file(String label, int line) {
        return new Origin(Kind.FILE, label, line);
    }

    static Origin environment(String variable) {
        return new Origin(Kind.ENVIRONMENT, variable, 0);
    }

    static Origin option(String option) {
        return new Origin(Kind.OPTION, option, 0);
    }

    static Origin builtIn() {
        return new Origin(Kind.DEFAULT, "built-in defaults", 0);
    }

    /** True for values an operator put in the process environment or on the command line, not in a file. */
    boolean outsideFile() {
        return kind == Kind.ENVIRONMENT || kind == Kind.OPTION;
    }

    /** {@code gatehouse.yaml:12}, {@code environment variable GATEHOUSE_PORT}, {@code option --port}. */
    public String describe() {
        return switch (kind) {
            case FILE -> line > 0 ? name + ":" + line : name;
            case ENVIRONMENT -> "environment variable " + name;
            case OPTION -> "option " + name;
            case DEFAULT -> name;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
