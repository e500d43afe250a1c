package dev.gatehouse.server.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's sources stay small enough to read in one sitting: a file that outgrows the limit holds more than one
 * concept and is split, not stretched.
 */
class SourceSizeTest {
    static final int MAX_LINES = 400;
    static final Path SOURCES = Path.of("src/main/java/dev/gatehouse/server/http");

    @Test
    void everyFileOfTheListenerIsUnderTheLimit() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(SOURCES)) {
            files = listing.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("Connection.java", "Intake.java");
        for (Path file : files) {
            assertThat(Files.readAllLines(file)).as(file.getFileName().toString()).hasSizeLessThan(MAX_LINES);
        }
    }
}
