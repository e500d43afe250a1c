package dev.gatehouse.app.config;

import dev.gatehouse.spi.Secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code file:/path}: the trimmed contents of a file (Docker and Kubernetes secrets are mounted this way). Relative
 * paths resolve against the working directory.
 */
final class FileSecretResolver implements SecretResolver {
    private static final long MAX_BYTES = 64 * 1024;

    @Override
    public List<String> schemes() {
        return List.of("file");
    }

    @Override
    public List<String> forms() {
        return List.of("file:/path");
    }

    @Override
    public Secret resolve(SecretRef ref) {
        Path path;
        try {
            path = Path.of(ref.target());
        } catch (InvalidPathException e) {
            throw new SecretResolutionException(ref + ": not a valid path");
        }
        if (ref.target().isBlank()) {
            throw new SecretResolutionException(ref + ": no path given");
        }
        try {
            if (Files.isDirectory(path)) {
                throw new SecretResolutionException(ref + ": is a directory, not a file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new SecretResolutionException(ref + ": file is larger than " + MAX_BYTES + " bytes");
            }
            String value = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
            if (value.isBlank()) {
                throw new SecretResolutionException(ref + ": file is empty");
            }
            return Secret.of(value.strip());
        } catch (NoSuchFileException e) {
            throw new SecretResolutionException(ref + ": file not found");
        } catch (AccessDeniedException e) {
            throw new SecretResolutionException(ref + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new SecretResolutionException(ref + ": file is not UTF-8 text");
        } catch (IOException e) {
            throw new SecretResolutionException(ref + ": cannot read file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
