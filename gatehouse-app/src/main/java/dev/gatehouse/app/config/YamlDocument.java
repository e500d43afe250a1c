package dev.gatehouse.app.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.Optional;

/**
 * Parses configuration text into a YAML node tree that keeps line numbers. Syntax errors are reported as
 * {@code file:line: malformed YAML: …} without the snippet of the offending line that the parser would print, since
 * that line may hold a secret.
 */
final class YamlDocument {
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private YamlDocument() {
    }

    /** The document's root node, or empty for an empty document. */
    static Optional<Node> parse(String label, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(label)
                .setUseMarks(true)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            StringBuilder message = new StringBuilder("malformed YAML: ");
            message.append(e.getProblem() == null ? "syntax error" : e.getProblem());
            if (e.getContext() != null && !e.getContext().isBlank()) {
                message.append(" (").append(e.getContext());
                e.getContextMark().filter(m -> m.getLine() + 1 != line)
                        .ifPresent(m -> message.append(" at line ").append(m.getLine() + 1));
                message.append(')');
            }
            throw ConfigException.of(Origin.file(label, line), null, message.toString());
        } catch (YamlEngineException e) {
            throw ConfigException.of(Origin.file(label, 0), null, "malformed YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
