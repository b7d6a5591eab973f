package dev.gantry.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Golden files under {@code src/test/resources/golden/<provider>/<api>/<case>/} (style.md §5).
 * Expected outputs are regenerated only with {@code -Dgantry.golden.update=true}, and never when
 * {@code CI=true}; otherwise they are compared as JSON trees.
 */
public final class GoldenFiles {

  public static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  public static boolean updating() {
    return Boolean.getBoolean("gantry.golden.update") && !"true".equals(System.getenv("CI"));
  }

  /** The case directory names of one provider and API, sorted. */
  public static List<String> cases(String provider, String api) {
    try (Stream<Path> dirs = Files.list(ROOT.resolve(provider).resolve(api))) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path dir(String provider, String api, String name) {
    return ROOT.resolve(provider).resolve(api).resolve(name);
  }

  public static JsonNode json(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts {@code actual} equals the expected file's tree (or writes it when updating). */
  public static void assertJson(Path expected, JsonNode actual) {
    if (updating()) {
      write(expected, pretty(actual) + "\n");
      return;
    }
    assertThat(actual).as(expected.toString()).isEqualTo(json(expected));
  }

  /**
   * Asserts the SSE events' data (JSON objects, and a literal {@code [DONE]}) equal the expected
   * {@code .sse} file's events, compared as JSON trees (or writes the file when updating).
   */
  public static void assertSse(Path expected, List<String> actualData) {
    if (updating()) {
      StringBuilder sb = new StringBuilder();
      for (String data : actualData) {
        sb.append("data: ").append(data).append("\n\n");
      }
      write(expected, sb.toString());
      return;
    }
    List<String> expectedData = sseData(new String(bytes(expected), StandardCharsets.UTF_8));
    assertThat(actualData).as(expected + " events").hasSameSizeAs(expectedData);
    for (int i = 0; i < expectedData.size(); i++) {
      assertThat(tree(actualData.get(i))).as(expected + " event " + i)
          .isEqualTo(tree(expectedData.get(i)));
    }
  }

  /**
   * The events the gateway writes for a chat stream: each chunk (the usage chunk only when the
   * client asked for it), then {@code [DONE]}.
   */
  public static List<String> clientEvents(List<ChatChunk> chunks, ChatRequest request,
      ResponseMeta meta) {
    List<String> events = new ArrayList<>();
    for (ChatChunk c : chunks) {
      if (c.usage() != null && !request.includeUsage()) {
        continue;
      }
      events.add(OpenAiChat.writeChunk(c, meta, request.includeUsage())
          .toString(StandardCharsets.UTF_8));
    }
    events.add("[DONE]");
    return events;
  }

  /** The {@code data:} values of an SSE text, one per event. */
  public static List<String> sseData(String text) {
    List<String> out = new ArrayList<>();
    for (String event : text.split("\n\n")) {
      if (!event.isBlank()) {
        out.add(event.strip().replaceFirst("^data: ?", ""));
      }
    }
    return out;
  }

  private static Object tree(String data) {
    if ("[DONE]".equals(data)) {
      return data;
    }
    try {
      return Json.MAPPER.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pretty(JsonNode node) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
