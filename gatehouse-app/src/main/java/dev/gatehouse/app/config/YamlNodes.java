package dev.gatehouse.app.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over snakeyaml nodes: shapes, line numbers, and mappings read with duplicate-key detection. */
final class YamlNodes {
    private YamlNodes() {
    }

    /** A key and its value, as they appear in a mapping. */
    record Entry(ScalarNode key, Node value) {
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    static Origin origin(String label, Node node) {
        return Origin.file(label, line(node));
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** "a list", "a mapping", "a string"…, for "expected X, got Y" messages. */
    static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "nothing (null)";
            case ScalarNode s -> "a scalar";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The scalar as a {@link RawValue} ({@code null} text for YAML null). */
    static RawValue raw(String label, ScalarNode node) {
        return new RawValue(Tag.NULL.equals(node.getTag()) ? null : node.getValue(), origin(label, node));
    }

    /**
     * The entries of a mapping in document order. Non-scalar keys, merge keys ({@code <<}) and duplicate keys are
     * reported and skipped.
     */
    static Map<String, Entry> entries(String label, MappingNode mapping, String path, Problems problems) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || isNull(keyNode)) {
                problems.error(origin(label, keyNode), path, "keys must be plain names, got " + describe(keyNode));
                continue;
            }
            if (Tag.MERGE.equals(key.getTag()) || key.getValue().equals("<<")) {
                problems.error(origin(label, key), path, "YAML merge keys (<<) are not supported; write the keys out");
                continue;
            }
            Entry previous = entries.get(key.getValue());
            if (previous != null) {
                problems.error(origin(label, key), join(path, key.getValue()),
                        "duplicate key (first given at line " + line(previous.key()) + ")");
                continue;
            }
            entries.put(key.getValue(), new Entry(key, tuple.getValueNode()));
        }
        return entries;
    }

    static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }
}
