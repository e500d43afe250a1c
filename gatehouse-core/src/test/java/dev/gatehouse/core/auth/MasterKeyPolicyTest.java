package dev.gatehouse.core.auth;

import dev.gatehouse.spi.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"sk-1234", "changeme", "password", "CHANGEME", " sk-1234 ", "litellm", "admin"})
    void wellKnownKeysAreRefused(String key) {
        assertThatThrownBy(() -> MasterKeyPolicy.requireStrong(Secret.of(key)))
                .isInstanceOf(WeakMasterKeyException.class)
                .hasMessageContaining("well-known");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-1234sk-1234sk-1234sk-1234sk-1234", "changemechangemechangemechangemechangeme"})
    void paddedWellKnownKeysAreRefused(String key) {
        assertThatThrownBy(() -> MasterKeyPolicy.requireStrong(Secret.of(key)))
                .isInstanceOf(WeakMasterKeyException.class)
                .hasMessageNotContaining(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Xy7#kQ2pLm9v", "sk-0123456789abcdefABCDEF012345"})
    void shortKeysAreRefusedWithoutEchoingThem(String key) {
        assertThatThrownBy(() -> MasterKeyPolicy.requireStrong(Secret.of(key)))
                .isInstanceOf(WeakMasterKeyException.class)
                .hasMessageContaining("too short")
                .hasMessageNotContaining(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abcabcabcabcabcabcabcabcabcabcabcabc",
            "abababababababababababababababababababcd"})
    void repetitiveKeysAreRefused(String key) {
        assertThatThrownBy(() -> MasterKeyPolicy.requireStrong(Secret.of(key)))
                .isInstanceOf(WeakMasterKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void absentKeysAreRefused(String key) {
        assertThatThrownBy(() -> MasterKeyPolicy.requireStrong(Secret.of(key)))
                .hasMessageContaining("No master key");
        assertThatThrownBy(() -> MasterKeyPolicy.requireStrong(null)).hasMessageContaining("No master key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gh-master-3q2-7wEhZl0cVd4pK9xRr1mT8yBnA6uJfGsL5oQe0Ii", "Zf8s3KqLw0pV7xR2mB9nT4yC6hJ1dG5a"})
    void randomKeysAreAccepted(String key) {
        assertThatCode(() -> MasterKeyPolicy.requireStrong(Secret.of(key))).doesNotThrowAnyException();
    }
}
