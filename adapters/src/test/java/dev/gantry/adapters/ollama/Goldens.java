package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Ollama golden files ({@code src/test/resources/golden/ollama/<api>/<case>/}), compared as JSON
 * trees. The OpenAI side goes through the real codec ({@code dev.gantry.adapters.openai}): client
 * requests are read by it, and canonical answers written by it, without the {@code id},
 * {@code created} and {@code model} fields the gateway stamps. {@code -Dgantry.golden.update=true}
 * rewrites the expected files from the actual output instead (never under {@code CI=true}); review
 * the diff before committing.
 */
final class Goldens {

  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path ROOT = Path.of("src", "test", "resources", "golden", "ollama");
  /** Stamped by the gateway, then stripped before comparing. */
  private static final ResponseMeta STAMP = new ResponseMeta("stamped", 0, "stamped");
  private static final List<String> STAMPED = List.of("id", "created", "model");

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

  /** A case's {@code openai-request.json}, read as the gateway reads a client's chat request. */
  static ChatRequest chatRequest(String name) {
    return OpenAiChat.readRequest(json(file("chat", name, "openai-request.json")));
  }

  /** A case's {@code openai-request.json}, read as the gateway reads an embeddings request. */
  static EmbeddingRequest embeddingRequest(String name) {
    return OpenAiEmbeddings.readRequest(json(file("embed", name, "openai-request.json")));
  }

  /** The client's {@code chat.completion} body, unstamped. */
  static JsonNode response(ChatResponse response) {
    return unstamped(OpenAiChat.writeResponse(response, STAMP));
  }

  /**
   * What the client receives from a stream, as a JSON array: each chunk unstamped (the usage-only
   * chunk only when {@code includeUsage}, as the gateway sends it), then the error object when the
   * stream failed.
   */
  static JsonNode stream(List<ChatChunk> chunks, GatewayException failure, boolean includeUsage) {
    ArrayNode out = JSON.createArrayNode();
    for (ChatChunk chunk : chunks) {
      if (includeUsage || !chunk.choices().isEmpty()) {
        out.add(unstamped(OpenAiChat.writeChunk(chunk, STAMP, includeUsage)));
      }
    }
    if (failure != null) {
      out.add(parse(OpenAiErrors.write(failure)));
    }
    return out;
  }

  /** The client's float embeddings list, unstamped. */
  static JsonNode embeddings(EmbeddingResponse response) {
    return unstamped(OpenAiEmbeddings.writeResponse(response, STAMP.model(), false));
  }

  /** Compares as trees (numbers by value), or rewrites the file when updating is asked for. */
  static void assertMatches(Path expected, JsonNode actual) {
    try {
      JsonNode normalized = JSON.readTree(JSON.writeValueAsBytes(actual));
      if (GoldenFiles.updating()) {
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

  private static ObjectNode unstamped(Buffer written) {
    ObjectNode node = (ObjectNode) parse(written);
    node.remove(STAMPED);
    return node;
  }

  private static JsonNode parse(Buffer written) {
    try {
      return JSON.readTree(written.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
