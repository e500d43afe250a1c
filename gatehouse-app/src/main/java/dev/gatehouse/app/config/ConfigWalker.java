package dev.gatehouse.app.config;

import dev.gatehouse.app.config.RawConfig.RawModel;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.gatehouse.app.config.YamlNodes.describe;
import static dev.gatehouse.app.config.YamlNodes.isNull;
import static dev.gatehouse.app.config.YamlNodes.join;
import static dev.gatehouse.app.config.YamlNodes.origin;

/**
 * Walks the YAML tree against {@link ConfigSchema}: checks every key and the shape of every value, collects the
 * scalars, warns once for each LiteLLM key we accept but ignore. Values are typed later.
 */
final class ConfigWalker {
    private final String label;
    private final Problems problems;
    private final Map<Setting, RawValue> settings = new EnumMap<>(Setting.class);
    private final List<RawModel> models = new ArrayList<>();

    private ConfigWalker(String label, Problems problems) {
        this.label = label;
        this.problems = problems;
    }

    static RawConfig walk(String label, Node root, Problems problems) {
        ConfigWalker walker = new ConfigWalker(label, problems);
        walker.root(root);
        return new RawConfig(label, walker.settings, walker.models);
    }

    private void root(Node root) {
        if (isNull(root)) {
            return;
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.error(origin(label, root), null, "expected a mapping of sections (server, general_settings, "
                    + "model_list), got " + describe(root));
            return;
        }
        for (var e : YamlNodes.entries(label, mapping, "", problems).entrySet()) {
            String key = e.getKey();
            Node value = e.getValue().value();
            switch (key) {
                case ConfigSchema.SERVER -> section(Setting.Section.SERVER, value, Set.of());
                case ConfigSchema.GENERAL -> section(Setting.Section.GENERAL, value, ConfigSchema.LITELLM_GENERAL);
                case ConfigSchema.MODEL_LIST -> modelList(value);
                default -> {
                    if (ConfigSchema.LITELLM_TOP_LEVEL.contains(key)) {
                        ignored(key, key, e.getValue().key());
                    } else {
                        problems.error(origin(label, e.getValue().key()), key,
                                ConfigSchema.unknownKey(key, ConfigSchema.TOP_LEVEL, ConfigSchema.LITELLM_TOP_LEVEL));
                    }
                }
            }
        }
    }

    private void section(Setting.Section section, Node node, Set<String> recognised) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.error(origin(label, node), section.key, "expected a mapping, got " + describe(node));
            return;
        }
        List<String> allowed = Setting.in(section).stream().map(Setting::key).toList();
        for (var e : YamlNodes.entries(label, mapping, section.key, problems).entrySet()) {
            String key = e.getKey();
            String path = join(section.key, key);
            Setting setting = Setting.find(section, key);
            if (setting != null) {
                RawValue value = scalar(path, e.getValue().value());
                if (value != null) {
                    settings.put(setting, value);
                }
            } else if (recognised.contains(key)) {
                ignored(path, path, e.getValue().key());
            } else {
                problems.error(origin(label, e.getValue().key()), path,
                        ConfigSchema.unknownKey(key, allowed, recognised));
            }
        }
    }

    private void modelList(Node node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof SequenceNode list)) {
            problems.error(origin(label, node), ConfigSchema.MODEL_LIST, "expected a list of models, got "
                    + describe(node));
            return;
        }
        int index = 0;
        for (Node item : list.getValue()) {
            model(ConfigSchema.MODEL_LIST + "[" + index++ + "]", item);
        }
    }

    private void model(String path, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problems.error(origin(label, node), path, "expected a mapping with model_name and litellm_params, got "
                    + describe(node));
            return;
        }
        RawValue modelName = null;
        YamlNodes.Entry params = null;
        for (var e : YamlNodes.entries(label, mapping, path, problems).entrySet()) {
            String key = e.getKey();
            YamlNodes.Entry entry = e.getValue();
            switch (key) {
                case ConfigSchema.MODEL_NAME -> modelName = scalar(join(path, key), entry.value());
                case ConfigSchema.LITELLM_PARAMS, ConfigSchema.PARAMS -> {
                    if (params != null) {
                        problems.error(origin(label, entry.key()), join(path, key), "give either litellm_params or "
                                + "params, not both");
                    } else {
                        params = entry;
                    }
                }
                default -> {
                    if (ConfigSchema.LITELLM_MODEL_ENTRY.contains(key)) {
                        ignored("model_list[]." + key, join(path, key), entry.key());
                    } else {
                        problems.error(origin(label, entry.key()), join(path, key), ConfigSchema.unknownKey(key,
                                ConfigSchema.MODEL_ENTRY, ConfigSchema.LITELLM_MODEL_ENTRY));
                    }
                }
            }
        }
        if (modelName == null || modelName.isNull()) {
            problems.error(origin(label, mapping), join(path, ConfigSchema.MODEL_NAME), "missing (required)");
        }
        if (params == null) {
            problems.error(origin(label, mapping), join(path, ConfigSchema.LITELLM_PARAMS), "missing (required)");
            return;
        }
        String paramsPath = join(path, params.key().getValue());
        if (!(params.value() instanceof MappingNode paramsMapping)) {
            problems.error(origin(label, params.value()), paramsPath, "expected a mapping, got "
                    + describe(params.value()));
            return;
        }
        Map<String, RawValue> values = new LinkedHashMap<>();
        Map<String, RawValue> headers = new LinkedHashMap<>();
        for (var e : YamlNodes.entries(label, paramsMapping, paramsPath, problems).entrySet()) {
            String key = e.getKey();
            YamlNodes.Entry entry = e.getValue();
            String keyPath = join(paramsPath, key);
            String generic = "model_list[]." + params.key().getValue() + "." + key;
            if (key.equals(ConfigSchema.EXTRA_HEADERS)) {
                headers(keyPath, entry.value(), headers);
            } else if (ConfigSchema.MODEL_PARAMS.contains(key)) {
                RawValue value = scalar(keyPath, entry.value());
                if (value != null) {
                    values.put(key, value);
                    String note = ConfigSchema.NOT_ENFORCED_YET.get(key);
                    if (note != null && !value.isNull()) {
                        problems.warnOnce(generic, origin(label, entry.key()).describe() + ": " + generic + " "
                                + note);
                    }
                }
            } else if (ConfigSchema.LITELLM_MODEL_PARAMS.contains(key)) {
                ignored(generic, keyPath, entry.key());
            } else {
                problems.error(origin(label, entry.key()), keyPath, ConfigSchema.unknownKey(key,
                        ConfigSchema.MODEL_PARAMS, ConfigSchema.LITELLM_MODEL_PARAMS));
            }
        }
        if (!values.containsKey(ConfigSchema.MODEL) || values.get(ConfigSchema.MODEL).isNull()) {
            problems.error(origin(label, paramsMapping), join(paramsPath, ConfigSchema.MODEL),
                    "missing (required), e.g. openai/gpt-4o");
        }
        models.add(new RawModel(path, origin(label, mapping), modelName, paramsPath, values, headers));
    }

    private void headers(String path, Node node, Map<String, RawValue> headers) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.error(origin(label, node), path, "expected a mapping of header names to values, got "
                    + describe(node));
            return;
        }
        for (var e : YamlNodes.entries(label, mapping, path, problems).entrySet()) {
            RawValue value = scalar(join(path, e.getKey()), e.getValue().value());
            if (value != null) {
                headers.put(e.getKey(), value);
            }
        }
    }

    /** The scalar at {@code node}, or {@code null} (with an error) when it is a list or a mapping. */
    private RawValue scalar(String path, Node node) {
        if (node instanceof ScalarNode scalar) {
            return YamlNodes.raw(label, scalar);
        }
        problems.error(origin(label, node), path, "expected a single value, got " + describe(node));
        return null;
    }

    /** A LiteLLM key we recognise but do not implement: accepted, one warning per key. */
    private void ignored(String generic, String path, ScalarNode key) {
        problems.warnOnce(generic, origin(label, key).describe() + ": " + path
                + " is a LiteLLM setting Gatehouse does not implement yet; ignored");
    }
}
