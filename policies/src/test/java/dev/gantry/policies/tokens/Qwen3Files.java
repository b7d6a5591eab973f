package dev.gantry.policies.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * Qwen3's tokenizer files for the tests, as a folder a tokenizer loads from. The 11 MB
 * {@code tokenizer.json} is kept gzipped in the repository
 * ({@code src/test/resources/tokenizers/qwen3/tokenizer.json.gz}; source in
 * {@code src/test/resources/usage/SOURCE.md}) and expanded once into {@code target/}.
 */
final class Qwen3Files {

  private static final Path SOURCE = Path.of("src/test/resources/tokenizers/qwen3");
  private static final Path EXPANDED = Path.of("target/tokenizers/qwen3");

  private Qwen3Files() {}

  /** The folder holding {@code tokenizer.json} and {@code tokenizer_config.json}. */
  static synchronized Path dir() {
    Path json = EXPANDED.resolve("tokenizer.json");
    try {
      if (!Files.isRegularFile(json)) {
        Files.createDirectories(EXPANDED);
        Path partial = EXPANDED.resolve("tokenizer.json.part");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
            SOURCE.resolve("tokenizer.json.gz")))) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, json, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      Files.copy(SOURCE.resolve("tokenizer_config.json"),
          EXPANDED.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return EXPANDED;
  }
}
