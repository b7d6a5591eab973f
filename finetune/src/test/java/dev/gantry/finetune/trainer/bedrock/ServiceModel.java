package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON bodies against the shapes of the Bedrock control plane's service model (a subset of
 * botocore's {@code bedrock/2023-04-20/service-2.json}): required members, no unknown members,
 * types, lengths, ranges, enums and patterns (matched whole), ISO-8601 timestamps.
 */
final class ServiceModel {

  private static final JsonNode MODEL = load();

  private ServiceModel() {}

  /** The operation's {@code http} block ({@code method}, {@code requestUri}, {@code responseCode}). */
  static JsonNode http(String operation) {
    return MODEL.path("operations").path(operation).path("http");
  }

  /** Problems of an operation's request body (members bound to the URI are not in the body). */
  static List<String> checkInput(String operation, JsonNode body) {
    return check(MODEL.path("operations").path(operation).path("input").path("shape").asText(),
        body);
  }

  static List<String> checkOutput(String operation, JsonNode body) {
    return check(MODEL.path("operations").path(operation).path("output").path("shape").asText(),
        body);
  }

  static List<String> check(String shape, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(shape, value, "$", problems);
    return problems;
  }

  private static void check(String shapeName, JsonNode value, String path,
      List<String> problems) {
    JsonNode shape = MODEL.path("shapes").path(shapeName);
    String type = shape.path("type").asText();
    switch (type) {
      case "structure":
        structure(shape, value, path, problems);
        break;
      case "string":
        if (!value.isTextual()) {
          problems.add(path + " must be a string");
          return;
        }
        string(shape, value.textValue(), path, problems);
        break;
      case "integer":
      case "long":
        if (!value.isIntegralNumber()) {
          problems.add(path + " must be an integer");
          return;
        }
        range(shape, value.longValue(), path, problems);
        break;
      case "float":
      case "double":
        if (!value.isNumber()) {
          problems.add(path + " must be a number");
        }
        break;
      case "boolean":
        if (!value.isBoolean()) {
          problems.add(path + " must be a boolean");
        }
        break;
      case "timestamp":
        timestamp(value, path, problems);
        break;
      case "list":
        if (!value.isArray()) {
          problems.add(path + " must be a list");
          return;
        }
        range(shape, value.size(), path, problems);
        for (int i = 0; i < value.size(); i++) {
          check(shape.path("member").path("shape").asText(), value.get(i), path + "[" + i + "]",
              problems);
        }
        break;
      case "map":
        if (!value.isObject()) {
          problems.add(path + " must be a map");
          return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          string(MODEL.path("shapes").path(shape.path("key").path("shape").asText()), e.getKey(),
              path + " key", problems);
          check(shape.path("value").path("shape").asText(), e.getValue(),
              path + "." + e.getKey(), problems);
        }
        break;
      default:
        problems.add(path + ": unknown shape " + shapeName);
    }
  }

  private static void structure(JsonNode shape, JsonNode value, String path,
      List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + " must be an object");
      return;
    }
    JsonNode members = shape.path("members");
    for (JsonNode required : shape.path("required")) {
      boolean inUri = members.path(required.asText()).has("location");
      if (!inUri && !value.hasNonNull(required.asText())) {
        problems.add(path + "." + required.asText() + " is required");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode member = members.get(e.getKey());
      if (member == null) {
        problems.add(path + "." + e.getKey() + " is not a member of the shape");
      } else if (member.has("location")) {
        problems.add(path + "." + e.getKey() + " belongs in the " + member.path("location")
            .asText() + ", not the body");
      } else if (!e.getValue().isNull()) {
        check(member.path("shape").asText(), e.getValue(), path + "." + e.getKey(), problems);
      }
    }
  }

  private static void string(JsonNode shape, String value, String path, List<String> problems) {
    range(shape, value.length(), path, problems);
    if (shape.has("enum")) {
      boolean known = false;
      for (JsonNode e : shape.get("enum")) {
        known |= e.asText().equals(value);
      }
      if (!known) {
        problems.add(path + " `" + value + "` is not one of " + shape.get("enum"));
      }
    }
    if (shape.has("pattern") && !value.matches(shape.get("pattern").asText())) {
      problems.add(path + " `" + value + "` does not match " + shape.get("pattern").asText());
    }
  }

  private static void range(JsonNode shape, long value, String path, List<String> problems) {
    if (shape.has("min") && value < shape.get("min").asLong()) {
      problems.add(path + " is below its minimum " + shape.get("min"));
    }
    if (shape.has("max") && value > shape.get("max").asLong()) {
      problems.add(path + " is above its maximum " + shape.get("max"));
    }
  }

  private static void timestamp(JsonNode value, String path, List<String> problems) {
    try {
      OffsetDateTime.parse(value.asText());
    } catch (DateTimeParseException e) {
      problems.add(path + " must be an ISO-8601 timestamp (timestampFormat iso8601)");
    }
  }

  private static JsonNode load() {
    try (InputStream in = ServiceModel.class.getResourceAsStream(
        "/bedrock/service-model/bedrock-control-plane-subset.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
