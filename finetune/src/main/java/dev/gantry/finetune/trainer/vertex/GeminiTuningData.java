package dev.gantry.finetune.trainer.vertex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI chat fine-tuning JSONL → the Gemini supervised tuning JSONL Vertex AI reads, one example
 * per line (providers.md §3.8). Pure, and blocking only in {@link #convert(Path, Path)}, which the
 * trainer runs on a worker thread.
 *
 * <ul>
 *   <li>System and developer messages become the parts of
 *       {@code systemInstruction {"role":"system"}}, in order.
 *   <li>User messages are {@code user} contents: text parts; {@code data:} images as
 *       {@code inlineData}; {@code gs://} images as {@code fileData}. Images by http(s) URL are
 *       refused (Vertex does not fetch them for tuning).
 *   <li>Assistant messages are {@code model} contents: their text, then each tool call as a
 *       {@code functionCall} whose {@code args} is the parsed arguments object. OpenAI's
 *       per-message {@code weight} has no Gemini equivalent and is dropped.
 *   <li>Tool messages are {@code functionResponse} parts of a {@code user} content, named after
 *       the earlier call with that id: a JSON-object result is the {@code response}, anything else
 *       is {@code {"result": text}} (as the Vertex adapter sends results at inference time).
 *   <li>Consecutive contents of one role are merged, so roles alternate.
 *   <li>{@code tools} become one {@code functionDeclarations} entry whose {@code parameters} is
 *       the JSON Schema in Vertex's OpenAPI subset: type names upper-case, keywords outside the
 *       subset (e.g. {@code additionalProperties}) left out.
 * </ul>
 */
final class GeminiTuningData {

  /** Strings up to 64 MiB, so examples with inline (base64) images parse. */
  static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 << 20).build())
      .build());

  private static final Set<String> SCHEMA_KEYS = Set.of("type", "format", "title", "description",
      "nullable", "default", "items", "minItems", "maxItems", "enum", "properties",
      "propertyOrdering", "required", "minProperties", "maxProperties", "minLength", "maxLength",
      "pattern", "example", "anyOf", "minimum", "maximum");

  private GeminiTuningData() {}

  /**
   * Converts a whole file, line by line (blank lines skipped).
   *
   * @return the number of examples written
   * @throws IllegalArgumentException naming the line at fault (never its content)
   */
  static long convert(Path openAiJsonl, Path geminiJsonl) throws IOException {
    long examples = 0;
    long lineNumber = 0;
    try (BufferedReader in = Files.newBufferedReader(openAiJsonl, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(geminiJsonl, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        ObjectNode example;
        try {
          example = example(JSON.readTree(line));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("line " + lineNumber + ": not JSON");
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage());
        }
        out.write(JSON.writeValueAsString(example));
        out.write('\n');
        examples++;
      }
    }
    return examples;
  }

  /**
   * One OpenAI example ({@code {"messages":[...], "tools":[...]}}) as a Gemini one.
   *
   * @throws IllegalArgumentException what is wrong with it, without its content
   */
  static ObjectNode example(JsonNode line) {
    if (line == null || !line.isObject() || !line.path("messages").isArray()) {
      throw new IllegalArgumentException("an example is an object with a messages array");
    }
    ArrayNode system = JSON.createArrayNode();
    ArrayNode contents = JSON.createArrayNode();
    Map<String, String> callNames = new HashMap<>();
    int index = 0;
    for (JsonNode message : line.get("messages")) {
      String role = message.path("role").asText("");
      String at = "messages[" + index++ + "]";
      switch (role) {
        case "system":
        case "developer":
          system.addObject().put("text", text(message.get("content"), at));
          break;
        case "user":
          userParts(message.get("content"), parts(contents, "user"), at);
          break;
        case "assistant":
          assistantParts(message, parts(contents, "model"), callNames, at);
          break;
        case "tool":
          parts(contents, "user").addObject()
              .set("functionResponse", functionResponse(message, callNames, at));
          break;
        default:
          throw new IllegalArgumentException(at + ".role is not system, developer, user,"
              + " assistant or tool");
      }
    }
    removeEmpty(contents);
    if (contents.isEmpty()) {
      throw new IllegalArgumentException("an example needs a user or assistant message");
    }
    ObjectNode example = JSON.createObjectNode();
    if (!system.isEmpty()) {
      ObjectNode instruction = example.putObject("systemInstruction");
      instruction.put("role", "system");
      instruction.set("parts", system);
    }
    example.set("contents", contents);
    ArrayNode declarations = declarations(line.get("tools"));
    if (!declarations.isEmpty()) {
      example.putArray("tools").addObject().set("functionDeclarations", declarations);
    }
    return example;
  }

  private static void userParts(JsonNode content, ArrayNode parts, String at) {
    if (content != null && content.isArray()) {
      int i = 0;
      for (JsonNode part : content) {
        String type = part.path("type").asText("");
        if ("text".equals(type)) {
          parts.addObject().put("text", part.path("text").asText(""));
        } else if ("image_url".equals(type)) {
          parts.add(image(part.path("image_url").path("url").asText(""),
              at + ".content[" + i + "]"));
        } else {
          throw new IllegalArgumentException(at + ".content[" + i + "].type " + type
              + " cannot be tuned on Vertex");
        }
        i++;
      }
      return;
    }
    parts.addObject().put("text", text(content, at));
  }

  private static ObjectNode image(String url, String at) {
    ObjectNode part = JSON.createObjectNode();
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      int semicolon = url.indexOf(';');
      if (comma < 0 || semicolon < 0 || semicolon > comma
          || !url.substring(semicolon, comma).equals(";base64")) {
        throw new IllegalArgumentException(at + " is not a base64 data URL");
      }
      part.putObject("inlineData").put("mimeType", url.substring(5, semicolon))
          .put("data", url.substring(comma + 1));
      return part;
    }
    if (url.regionMatches(true, 0, "gs://", 0, 5)) {
      part.putObject("fileData").put("mimeType", mediaType(url, at)).put("fileUri", url);
      return part;
    }
    throw new IllegalArgumentException(at + ": Vertex tuning takes images as data: or gs:// URLs");
  }

  private static String mediaType(String url, String at) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".png")) {
      return "image/png";
    }
    if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (lower.endsWith(".webp")) {
      return "image/webp";
    }
    throw new IllegalArgumentException(at + ": a gs:// image must end in .png, .jpg, .jpeg or"
        + " .webp");
  }

  private static void assistantParts(JsonNode message, ArrayNode parts,
      Map<String, String> callNames, String at) {
    JsonNode content = message.get("content");
    if (content != null && !content.isNull()) {
      String text = text(content, at);
      if (!text.isEmpty()) {
        parts.addObject().put("text", text);
      }
    }
    int i = 0;
    for (JsonNode call : message.path("tool_calls")) {
      String callAt = at + ".tool_calls[" + i++ + "]";
      JsonNode function = call.path("function");
      String name = function.path("name").asText("");
      if (name.isEmpty()) {
        throw new IllegalArgumentException(callAt + ".function.name is missing");
      }
      callNames.put(call.path("id").asText(""), name);
      ObjectNode fc = parts.addObject().putObject("functionCall");
      fc.put("name", name);
      fc.set("args", arguments(function.path("arguments").asText(""), callAt));
    }
  }

  private static JsonNode arguments(String arguments, String at) {
    if (arguments.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode args = JSON.readTree(arguments);
      if (args != null && args.isObject()) {
        return args;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new IllegalArgumentException(at + ".function.arguments is not a JSON object");
  }

  private static ObjectNode functionResponse(JsonNode message, Map<String, String> callNames,
      String at) {
    String name = callNames.get(message.path("tool_call_id").asText(""));
    if (name == null) {
      throw new IllegalArgumentException(at + ".tool_call_id answers no earlier tool call");
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("name", name);
    String text = text(message.get("content"), at);
    JsonNode parsed = null;
    try {
      parsed = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // not JSON: wrapped below
    }
    if (parsed != null && parsed.isObject()) {
      response.set("response", parsed);
    } else {
      response.putObject("response").put("result", text);
    }
    return response;
  }

  /** A string content, or the text parts of an array content joined. */
  private static String text(JsonNode content, String at) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asText())) {
          throw new IllegalArgumentException(at + ".content may only hold text parts here");
        }
        text.append(part.path("text").asText(""));
      }
      return text.toString();
    }
    throw new IllegalArgumentException(at + ".content is not a string or an array of parts");
  }

  /** The parts of the last content when it has this role, else of a new one. */
  private static ArrayNode parts(ArrayNode contents, String role) {
    if (!contents.isEmpty()) {
      JsonNode last = contents.get(contents.size() - 1);
      if (role.equals(last.path("role").asText())) {
        return (ArrayNode) last.get("parts");
      }
    }
    ObjectNode content = contents.addObject();
    content.put("role", role);
    return content.putArray("parts");
  }

  private static void removeEmpty(ArrayNode contents) {
    for (Iterator<JsonNode> it = contents.elements(); it.hasNext(); ) {
      if (it.next().path("parts").isEmpty()) {
        it.remove();
      }
    }
  }

  private static ArrayNode declarations(JsonNode tools) {
    ArrayNode declarations = JSON.createArrayNode();
    if (tools == null || !tools.isArray()) {
      return declarations;
    }
    for (JsonNode tool : tools) {
      JsonNode function = tool.path("function");
      String name = function.path("name").asText("");
      if (!"function".equals(tool.path("type").asText()) || name.isEmpty()) {
        throw new IllegalArgumentException("tools: only named function tools can be tuned");
      }
      ObjectNode declaration = declarations.addObject();
      declaration.put("name", name);
      if (function.hasNonNull("description")) {
        declaration.put("description", function.get("description").asText());
      }
      if (function.path("parameters").isObject()) {
        declaration.set("parameters", schema(function.get("parameters")));
      }
    }
    return declarations;
  }

  /** A JSON Schema in Vertex's OpenAPI subset. */
  static ObjectNode schema(JsonNode schema) {
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (!SCHEMA_KEYS.contains(key)) {
        continue;
      }
      if ("type".equals(key)) {
        type(value, out);
      } else if ("properties".equals(key) && value.isObject()) {
        ObjectNode properties = out.putObject("properties");
        value.fields().forEachRemaining(p -> properties.set(p.getKey(), schema(p.getValue())));
      } else if ("items".equals(key) && value.isObject()) {
        out.set("items", schema(value));
      } else if ("anyOf".equals(key) && value.isArray()) {
        ArrayNode anyOf = out.putArray("anyOf");
        value.forEach(option -> anyOf.add(schema(option)));
      } else {
        out.set(key, value);
      }
    }
    return out;
  }

  /** {@code "string"} → {@code STRING}; {@code ["string","null"]} → {@code STRING}, nullable. */
  private static void type(JsonNode type, ObjectNode out) {
    if (type.isTextual()) {
      out.put("type", type.textValue().toUpperCase(Locale.ROOT));
      return;
    }
    for (JsonNode t : type) {
      if ("null".equals(t.asText())) {
        out.put("nullable", true);
      } else if (!out.has("type")) {
        out.put("type", t.asText().toUpperCase(Locale.ROOT));
      }
    }
  }
}
