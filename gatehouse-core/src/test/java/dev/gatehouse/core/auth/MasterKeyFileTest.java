package dev.gatehouse.core.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyFileTest {

    @Test
    void firstStartCreatesAStrongOwnerOnlyKeyAndLaterStartsReadIt(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        var first = MasterKeyFile.loadOrCreate(dataDir, new SecureRandom());
        assertThat(first.created()).isTrue();
        assertThat(first.key().reveal()).startsWith("gh-master-").hasSizeGreaterThanOrEqualTo(MasterKeyPolicy.MIN_LENGTH);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.path()))).isEqualTo("rw-------");

        var second = MasterKeyFile.loadOrCreate(dataDir, new SecureRandom());
        assertThat(second.created()).isFalse();
        assertThat(second.key().reveal()).isEqualTo(first.key().reveal());
    }

    @Test
    void twoInstallationsGetDifferentKeys(@TempDir Path dir) {
        var a = MasterKeyFile.loadOrCreate(dir.resolve("a"), new SecureRandom());
        var b = MasterKeyFile.loadOrCreate(dir.resolve("b"), new SecureRandom());
        assertThat(a.key().reveal()).isNotEqualTo(b.key().reveal());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        var created = MasterKeyFile.loadOrCreate(dir, new SecureRandom());
        Files.setPosixFilePermissions(created.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MasterKeyFile.loadOrCreate(dir, new SecureRandom()))
                .isInstanceOf(WeakMasterKeyException.class)
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining(created.key().reveal());
    }

    @Test
    void aWeakKeyPutInTheFileByHandIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(MasterKeyFile.FILE_NAME);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "sk-1234\n");
        assertThatThrownBy(() -> MasterKeyFile.loadOrCreate(dir, new SecureRandom()))
                .isInstanceOf(WeakMasterKeyException.class);
    }
}
