package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Origins}: a URI seen before gives the origin found then; any URI gives what {@link Origin#of} gives. */
class OriginsTest {
    private final Origins origins = new Origins();

    @Test
    void theSameUriGivesTheSameOriginWithoutParsingAgain() {
        URI uri = URI.create("HTTPS://API.Example.COM/v1/chat/completions");
        Origin first = origins.of(uri);
        assertThat(first).isEqualTo(new Origin(true, "api.example.com", 443));
        assertThat(origins.of(uri)).isSameAs(first);
        URI equal = URI.create(uri.toString());
        assertThat(origins.of(equal)).as("another instance is parsed").isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void manyUrisGiveTheirOwnOriginsWhateverSlotsTheyShare() {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            uris.add(URI.create("http://host-" + i + ".test:" + (1000 + i) + "/path"));
        }
        for (int round = 0; round < 2; round++) {
            for (URI uri : uris) {
                assertThat(origins.of(uri)).isEqualTo(Origin.of(uri));
            }
        }
    }

    @Test
    void aUriThatIsNoUpstreamIsRefusedEveryTime() {
        URI ftp = URI.create("ftp://files.test/x");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> origins.of(ftp)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
