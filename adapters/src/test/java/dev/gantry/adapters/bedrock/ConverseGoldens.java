package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.ResponseMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/** Reading the Bedrock Converse golden cases ({@code golden/bedrock/converse/<case>/}). */
final class ConverseGoldens {

  static final String ENDPOINT = "https://bedrock-runtime.us-east-1.amazonaws.com";
  static final ResponseMeta META = new ResponseMeta("chatcmpl-golden", 1_700_000_000L, "alias");

  private ConverseGoldens() {}

  static Path dir(String name) {
    return GoldenFiles.dir("bedrock", "converse", name);
  }

  static ChatRequest request(String name) {
    return OpenAiChat.readRequest(GoldenFiles.json(dir(name).resolve("openai-request.json")));
  }

  /** The recorded request URL of a case. */
  static String url(String name) {
    return text(dir(name).resolve("provider-url.txt")).strip();
  }

  /** The model id the recorded URL carries, decoded from its path segment. */
  static String modelId(String url) {
    String segment = url.substring(url.indexOf("/model/") + "/model/".length());
    return URLDecoder.decode(segment.substring(0, segment.indexOf('/')), StandardCharsets.UTF_8);
  }

  /**
   * The frames of a {@code *.events.jsonl} capture (one decoded frame per line: string headers,
   * JSON payload), rebuilt as event-stream messages.
   */
  static List<Message> frames(Path jsonl) {
    List<Message> out = new ArrayList<>();
    for (String line : text(jsonl).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode frame = parse(line);
      Map<String, HeaderValue> headers = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = frame.get("headers").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        headers.put(h.getKey(), HeaderValue.fromString(h.getValue().asText()));
      }
      out.add(new Message(headers, ConverseJson.write(frame.get("payload")).getBytes()));
    }
    return out;
  }

  /** Runs frames through a fresh decoder, including its end. */
  static List<ChatChunk> decode(List<Message> frames) {
    ConverseStreamDecoder decoder = new ConverseStreamDecoder();
    List<ChatChunk> out = new ArrayList<>();
    for (Message frame : frames) {
      decoder.decode(frame, out::add);
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
      return ConverseJson.JSON.readTree(json);
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
