package io.petrel.real.mqadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Golden files for mqadmin's rendered output, under src/test/resources/mqadmin. Run the tests with
 * {@code -Dpetrel.updateGolden=true} to rewrite them after a deliberate change, then review the diff.
 */
final class Golden {

    private static final boolean UPDATE = Boolean.getBoolean("petrel.updateGolden");

    private Golden() {
    }

    static String render(Consumer<PrintStream> renderer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            renderer.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Compares {@code actual} with {@code mqadmin/<name>.txt}, or rewrites the file when updating. */
    static void assertMatches(String name, String actual) {
        String resource = "mqadmin/" + name + ".txt";
        if (UPDATE) {
            try {
                Path file = Path.of("src", "test", "resources", resource);
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("golden file " + resource + " (create it with -Dpetrel.updateGolden=true)").isNotNull();
            assertThat(actual).as(resource).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
