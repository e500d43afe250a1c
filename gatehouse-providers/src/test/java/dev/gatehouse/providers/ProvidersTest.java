package dev.gatehouse.providers;

import dev.gatehouse.spi.ProviderCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProvidersTest {

    @Test
    void everyProtocolIsListedOnce() {
        assertThat(Providers.all()).extracting(ProviderCodec::protocol).doesNotHaveDuplicates().contains("openai");
    }
}
