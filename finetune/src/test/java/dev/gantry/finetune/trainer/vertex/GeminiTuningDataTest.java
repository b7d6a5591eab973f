package dev.gantry.finetune.trainer.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeminiTuningDataTest {

  @TempDir
  Path dir;

  @Test
  void convert_systemMultiTurnToolsAndImages_matchesGeminiTuningFormat() throws Exception {
    Path out = dir.resolve("out.jsonl");

    long examples = GeminiTuningData.convert(resource("chat-train.jsonl"), out);

    assertThat(examples).isEqualTo(3);
    assertThat(trees(out)).isEqualTo(trees(resource("gemini-train.jsonl")));
  }

  @Test
  void convert_validationFile_matchesGeminiTuningFormat() throws Exception {
    Path out = dir.resolve("out.jsonl");

    GeminiTuningData.convert(resource("chat-validation.jsonl"), out);

    assertThat(trees(out)).isEqualTo(trees(resource("gemini-validation.jsonl")));
  }

  @Test
  void convert_httpImage_failsNamingLineNotContent() throws IOException {
    Path in = write("{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"},"
        + "{\"role\":\"assistant\",\"content\":\"ok\"}]}\n"
        + "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"https://example.com/secret-cat.png\"}}]}]}\n");

    assertThatThrownBy(() -> GeminiTuningData.convert(in, dir.resolve("out.jsonl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 2: messages[0].content[0]")
        .hasMessageNotContaining("secret-cat");
  }

  @Test
  void example_toolResultWithoutCall_isRefused() throws IOException {
    JsonNode line = GeminiTuningData.JSON.readTree("{\"messages\":[{\"role\":\"user\","
        + "\"content\":\"q\"},{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"x\"}]}");

    assertThatThrownBy(() -> GeminiTuningData.example(line))
        .hasMessage("messages[1].tool_call_id answers no earlier tool call");
  }

  @Test
  void example_argumentsNotAnObject_isRefused() throws IOException {
    JsonNode line = GeminiTuningData.JSON.readTree("{\"messages\":[{\"role\":\"user\","
        + "\"content\":\"q\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]}");

    assertThatThrownBy(() -> GeminiTuningData.example(line))
        .hasMessage("messages[1].tool_calls[0].function.arguments is not a JSON object");
  }

  @Test
  void example_userAfterToolResults_mergesIntoOneUserContent() throws IOException {
    JsonNode line = GeminiTuningData.JSON.readTree("{\"messages\":[{\"role\":\"user\","
        + "\"content\":\"q\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"r\"},"
        + "{\"role\":\"user\",\"content\":\"and?\"},{\"role\":\"assistant\",\"content\":\"a\"}]}");

    JsonNode contents = GeminiTuningData.example(line).get("contents");

    assertThat(contents).hasSize(4);
    assertThat(contents.get(2).toString()).isEqualTo("{\"role\":\"user\",\"parts\":["
        + "{\"functionResponse\":{\"name\":\"f\",\"response\":{\"result\":\"r\"}}},"
        + "{\"text\":\"and?\"}]}");
    assertThat(contents.get(1).path("parts").get(0).path("functionCall").path("args").toString())
        .isEqualTo("{}");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("in.jsonl"), text, StandardCharsets.UTF_8);
  }

  static Path resource(String name) {
    try {
      return Path.of(GeminiTuningDataTest.class.getResource("/vertex/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<JsonNode> trees(Path jsonl) throws IOException {
    return trees(Files.readString(jsonl, StandardCharsets.UTF_8));
  }

  static List<JsonNode> trees(String jsonl) throws IOException {
    List<JsonNode> trees = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      if (!line.isBlank()) {
        trees.add(GeminiTuningData.JSON.readTree(line));
      }
    }
    return trees;
  }
}
