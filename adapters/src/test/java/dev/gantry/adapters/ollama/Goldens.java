package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Ollama golden files ({@code src/test/resources/golden/ollama/<api>/<case>/}), compared as JSON
 * trees. {@code -Dgantry.golden.update=true} rewrites the expected files from the actual output
 * instead (never under {@code CI=true}); review the diff before committing.
 */
final class Goldens {

  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path ROOT = Path.of("src", "test", "resources", "golden", "ollama");

  private Goldens() {}

  static Path file(String api, String name, String file) {
    return ROOT.resolve(api).resolve(name).resolve(file);
  }

  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares as trees (numbers by value), or rewrites the file when updating is asked for. */
  static void assertMatches(Path expected, JsonNode actual) {
    try {
      JsonNode normalized = JSON.readTree(JSON.writeValueAsBytes(actual));
      if (updating()) {
        Files.write(expected, JSON.writeValueAsBytes(normalized));
        return;
      }
      assertThat(normalized).as("golden %s", expected).isEqualTo(json(expected));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tool-call ids {@code call_1}, {@code call_2}, ... in place of random ones. */
  static Supplier<String> sequentialIds() {
    AtomicInteger next = new AtomicInteger();
    return () -> "call_" + next.incrementAndGet();
  }

  private static boolean updating() {
    return Boolean.getBoolean("gantry.golden.update") && !"true".equals(System.getenv("CI"));
  }
}
