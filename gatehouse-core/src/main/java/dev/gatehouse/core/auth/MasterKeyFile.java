package dev.gatehouse.core.auth;

import dev.gatehouse.spi.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The master key generated on first start when none is configured: 256 random bits, written to
 * {@code <data dir>/master.key} readable by the owner only, and shown once.
 */
public final class MasterKeyFile {
    public static final String FILE_NAME = "master.key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MasterKeyFile() {
    }

    /** The outcome: the key, and whether this call created it (so the caller shows it exactly once). */
    public record Loaded(Secret key, boolean created, Path path) {
    }

    public static Loaded loadOrCreate(Path dataDir, SecureRandom random) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                return new Loaded(read(file), false, file);
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String key = "gh-master-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            write(file, key);
            return new Loaded(Secret.of(key), true, file);
        } catch (FileAlreadyExistsException raced) {
            return new Loaded(read(file), false, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Secret read(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")
                    && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new WeakMasterKeyException("The master key file " + file + " is readable by others; "
                        + "restrict it with: chmod 600 " + file);
            }
            Secret key = Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
            MasterKeyPolicy.requireStrong(key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String key) throws IOException {
        boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    }
}
