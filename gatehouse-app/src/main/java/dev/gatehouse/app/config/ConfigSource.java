package dev.gatehouse.app.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The text of a configuration and the label its errors carry ({@code gatehouse.yaml:12: …}); or no text at all, for
 * the built-in defaults.
 *
 * @param text {@code null} for the built-in defaults
 */
public record ConfigSource(String label, String text) {
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    public ConfigSource {
        Objects.requireNonNull(label, "label");
    }

    public static ConfigSource builtIn() {
        return new ConfigSource(Origin.builtIn().name(), null);
    }

    public static ConfigSource yaml(String label, String text) {
        return new ConfigSource(label, Objects.requireNonNull(text, "text"));
    }

    /** Reads a file; the label is the path as given. A missing or unreadable file is a {@link ConfigException}. */
    public static ConfigSource file(Path path) {
        return file(path, Origin.file(path.toString(), 0));
    }

    static ConfigSource file(Path path, Origin namedBy) {
        String label = path.toString();
        try {
            if (Files.isDirectory(path)) {
                throw ConfigException.of(namedBy, null, "config path " + label + " is a directory, not a file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw ConfigException.of(namedBy, null, "config file " + label + " is larger than 4 MiB");
            }
            return new ConfigSource(label, StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString());
        } catch (NoSuchFileException e) {
            throw ConfigException.of(namedBy, null, "config file not found: " + label);
        } catch (AccessDeniedException e) {
            throw ConfigException.of(namedBy, null, "config file is not readable (permission denied): " + label);
        } catch (CharacterCodingException e) {
            throw ConfigException.of(namedBy, null, "config file is not UTF-8 text: " + label);
        } catch (IOException e) {
            throw ConfigException.of(namedBy, null, "cannot read config file " + label + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    public boolean isBuiltIn() {
        return text == null;
    }
}
