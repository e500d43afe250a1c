package dev.gatehouse.app.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration as written, after its shape is checked but before values are typed: the scalar settings (later
 * overridden from the environment and the command line) and the model entries.
 */
record RawConfig(String label, Map<Setting, RawValue> settings, List<RawModel> models) {
    RawConfig {
        settings = Map.copyOf(settings);
        models = List.copyOf(models);
    }

    static RawConfig empty(String label) {
        return new RawConfig(label, new EnumMap<>(Setting.class), List.of());
    }

    /**
     * One {@code model_list} entry as written.
     *
     * @param path       {@code model_list[0]}
     * @param paramsPath {@code model_list[0].litellm_params} (or {@code .params})
     * @param params     the scalar parameters by key ({@code model}, {@code api_key}, …)
     */
    record RawModel(String path, Origin origin, RawValue modelName, String paramsPath, Map<String, RawValue> params,
                    Map<String, RawValue> extraHeaders) {
    }
}
