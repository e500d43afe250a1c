package dev.gatehouse.core.route;

import dev.gatehouse.core.ModelInfo;
import dev.gatehouse.spi.NotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Public model names and the deployments behind each, in configuration order. */
final class ModelRegistry {
    private final Map<String, List<Deployment>> byModel;
    private final List<ModelInfo> models;

    ModelRegistry(List<Deployment> deployments, Instant created) {
        Map<String, List<Deployment>> map = new LinkedHashMap<>();
        for (Deployment d : deployments) {
            map.computeIfAbsent(d.spec().modelName(), k -> new ArrayList<>()).add(d);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byModel = Map.copyOf(map);
        List<ModelInfo> list = new ArrayList<>();
        for (String name : map.keySet()) {
            list.add(new ModelInfo(name, created.getEpochSecond(), "gatehouse"));
        }
        this.models = List.copyOf(list);
    }

    /** The deployments for a public name; unknown names are a 404 {@code model_not_found}. */
    List<Deployment> deployments(String model) {
        List<Deployment> group = byModel.get(model);
        if (group == null) {
            throw NotFoundException.model(model);
        }
        return group;
    }

    List<ModelInfo> models() {
        return models;
    }
}
