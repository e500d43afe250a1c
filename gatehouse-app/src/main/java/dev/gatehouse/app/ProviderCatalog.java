package dev.gatehouse.app;

import dev.gatehouse.core.Gateway;
import dev.gatehouse.providers.Providers;
import dev.gatehouse.spi.ProviderCodec;

import java.util.List;

/** The provider codecs this build ships, and the provider names a configuration may therefore use. */
final class ProviderCatalog {
    private ProviderCatalog() {
    }

    static List<ProviderCodec> codecs() {
        return Providers.all();
    }

    /** The codecs' protocols plus the built-in {@code mock}. */
    static List<String> names(List<ProviderCodec> codecs) {
        return Gateway.builder().codecs(codecs).protocols();
    }
}
