package dev.gatehouse.providers;

import dev.gatehouse.providers.openai.OpenAiCodec;
import dev.gatehouse.spi.ProviderCodec;

import java.util.List;

/** Every provider codec this module ships; the server looks them up by {@link ProviderCodec#protocol()}. */
public final class Providers {
    private Providers() {
    }

    /** One codec per wire protocol, each safe to share between threads. */
    public static List<ProviderCodec> all() {
        return List.of(new OpenAiCodec());
    }
}
