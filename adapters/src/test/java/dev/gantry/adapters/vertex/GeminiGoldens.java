package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading the Gemini golden cases ({@code golden/vertex/gemini/<case>/}). */
final class GeminiGoldens {

  static final String LOCATION =
      "https://aiplatform.googleapis.com/v1beta1/projects/pydantic-ai/locations/global";
  static final ResponseMeta META = new ResponseMeta("chatcmpl-golden", 1_700_000_000L, "alias");

  private GeminiGoldens() {}

  static Path dir(String name) {
    return GoldenFiles.dir("vertex", "gemini", name);
  }

  static ChatRequest request(String name) {
    return OpenAiChat.readRequest(GoldenFiles.json(dir(name).resolve("openai-request.json")));
  }

  static String url(String name) {
    return text(dir(name).resolve("provider-url.txt")).strip();
  }

  /** The model the URL names: between {@code /models/} and the verb. */
  static String model(String url) {
    String rest = url.substring(url.indexOf("/models/") + "/models/".length());
    return rest.substring(0, rest.indexOf(':'));
  }

  /** Frames raw SSE bytes, fed {@code step} bytes at a time, and decodes them to the end. */
  static List<ChatChunk> decode(byte[] raw, int step) {
    SseFramer framer = SseFramer.withBareJson();
    GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < raw.length; i += step) {
      byte[] piece = new byte[Math.min(step, raw.length - i)];
      System.arraycopy(raw, i, piece, 0, piece.length);
      framer.feed(Buffer.buffer(piece), events::add);
    }
    framer.end(events::add);
    List<ChatChunk> out = new ArrayList<>();
    for (SseEvent e : events) {
      decoder.decode(e, out::add);
    }
    decoder.end(out::add);
    return out;
  }

  /** What the gateway sends for a stream: each chunk (usage only if asked for), then [DONE]. */
  static List<String> sse(List<ChatChunk> chunks, boolean includeUsage) {
    List<String> events = new ArrayList<>();
    for (ChatChunk c : chunks) {
      if (c.usage() != null && !includeUsage) {
        continue;
      }
      events.add(OpenAiChat.writeChunk(c, META, includeUsage).toString(StandardCharsets.UTF_8));
    }
    events.add("[DONE]");
    return events;
  }

  static JsonNode parse(String json) {
    try {
      return GeminiJson.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
