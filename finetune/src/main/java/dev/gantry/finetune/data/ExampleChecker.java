package dev.gantry.finetune.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of one example (one parsed line) against one backend's rules. Pure: it returns the
 * problems as messages, and {@link TrainingFileValidator} adds the line number.
 */
final class ExampleChecker {

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("messages", "tools", "parallel_tool_calls");
  private static final Set<String> MESSAGE_KEYS =
      Set.of("role", "content", "name", "weight", "tool_calls", "tool_call_id");
  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool");
  private static final String ROLE_LIST = "system, developer, user, assistant, tool";

  private final ValidationRules rules;
  private final ObjectMapper mapper;

  ExampleChecker(ValidationRules rules, ObjectMapper mapper) {
    this.rules = rules;
    this.mapper = mapper;
  }

  /** The problems of one example, in the order found; empty when it is valid. */
  List<String> check(JsonNode example) {
    List<String> problems = new ArrayList<>();
    if (!example.isObject()) {
      problems.add("expected a JSON object, found " + kind(example));
      return problems;
    }
    for (Map.Entry<String, JsonNode> field : example.properties()) {
      if (!TOP_LEVEL_KEYS.contains(field.getKey())) {
        problems.add(
            "unknown key \""
                + field.getKey()
                + "\" (expected messages, tools, parallel_tool_calls)");
      }
    }
    checkTools(example, problems);
    JsonNode messages = example.get("messages");
    if (messages == null || messages.isNull()) {
      problems.add("missing \"messages\"");
      return problems;
    }
    if (!messages.isArray()) {
      problems.add("\"messages\" must be an array, found " + kind(messages));
      return problems;
    }
    if (messages.isEmpty()) {
      problems.add("\"messages\" must not be empty");
      return problems;
    }
    Set<String> callIds = new HashSet<>();
    boolean wellFormed = true;
    for (int i = 0; i < messages.size(); i++) {
      wellFormed &= checkMessage(i, messages.get(i), callIds, problems);
    }
    if (wellFormed) {
      TurnChecks.check(messages, rules, problems);
    }
    return problems;
  }

  private void checkTools(JsonNode example, List<String> problems) {
    JsonNode parallel = example.get("parallel_tool_calls");
    if (parallel != null && !parallel.isBoolean()) {
      problems.add("\"parallel_tool_calls\" must be a boolean, found " + kind(parallel));
    }
    JsonNode tools = example.get("tools");
    if (tools == null) {
      return;
    }
    if (!rules.toolsAllowed()) {
      problems.add("\"tools\" are not supported by " + rules.name());
      return;
    }
    if (!tools.isArray()) {
      problems.add("\"tools\" must be an array, found " + kind(tools));
      return;
    }
    for (int t = 0; t < tools.size(); t++) {
      JsonNode tool = tools.get(t);
      String at = "tools[" + t + "]";
      if (!"function".equals(tool.path("type").asText(null))) {
        problems.add(at + ".type must be \"function\"");
      }
      JsonNode function = tool.path("function");
      if (!function.isObject()) {
        problems.add(at + ".function must be an object");
      } else {
        if (!nonEmptyString(function.get("name"))) {
          problems.add(at + ".function.name must be a non-empty string");
        }
        JsonNode parameters = function.get("parameters");
        if (parameters != null && !parameters.isObject()) {
          problems.add(at + ".function.parameters must be a JSON Schema object");
        }
      }
    }
  }

  /** Checks one message; false when its role is unusable, which skips the conversation checks. */
  private boolean checkMessage(
      int i, JsonNode message, Set<String> callIds, List<String> problems) {
    String at = "messages[" + i + "]";
    if (!message.isObject()) {
      problems.add(at + " must be an object, found " + kind(message));
      return false;
    }
    for (Map.Entry<String, JsonNode> field : message.properties()) {
      if (!MESSAGE_KEYS.contains(field.getKey())) {
        problems.add(at + " has unknown key \"" + field.getKey() + "\"");
      }
    }
    JsonNode roleNode = message.get("role");
    if (roleNode == null || !roleNode.isTextual()) {
      problems.add(at + ".role is missing or not a string");
      return false;
    }
    String role = roleNode.textValue();
    if (!ROLES.contains(role)) {
      problems.add(at + ".role \"" + role + "\" is not one of " + ROLE_LIST);
      return false;
    }
    JsonNode name = message.get("name");
    if (name != null && !name.isTextual()) {
      problems.add(at + ".name must be a string");
    }
    checkWeight(at, role, message.get("weight"), problems);
    boolean hasToolCalls = message.has("tool_calls") && !message.get("tool_calls").isNull();
    if (hasToolCalls) {
      checkToolCalls(at, role, message.get("tool_calls"), callIds, problems);
    }
    if (message.has("tool_call_id") && !"tool".equals(role)) {
      problems.add(at + ".tool_call_id is only allowed in tool messages");
    }
    if ("tool".equals(role)) {
      checkToolAnswer(at, message.get("tool_call_id"), callIds, problems);
    }
    boolean contentOptional = "assistant".equals(role) && hasToolCalls;
    checkContent(at, role, message.get("content"), contentOptional, problems);
    return true;
  }

  private static void checkWeight(String at, String role, JsonNode weight, List<String> problems) {
    if (weight == null) {
      return;
    }
    if (!"assistant".equals(role)) {
      problems.add(at + ".weight is only allowed on assistant messages");
    } else if (!weight.isNumber() || (weight.asDouble() != 0 && weight.asDouble() != 1)) {
      problems.add(at + ".weight must be 0 or 1");
    }
  }

  private void checkToolCalls(
      String at, String role, JsonNode calls, Set<String> callIds, List<String> problems) {
    if (!"assistant".equals(role)) {
      problems.add(at + ".tool_calls are only allowed in assistant messages");
      return;
    }
    if (!rules.toolsAllowed()) {
      problems.add(at + ".tool_calls are not supported by " + rules.name());
      return;
    }
    if (!calls.isArray() || calls.isEmpty()) {
      problems.add(at + ".tool_calls must be a non-empty array");
      return;
    }
    for (int c = 0; c < calls.size(); c++) {
      JsonNode call = calls.get(c);
      String callAt = at + ".tool_calls[" + c + "]";
      JsonNode id = call.get("id");
      if (!nonEmptyString(id)) {
        problems.add(callAt + ".id must be a non-empty string");
      } else if (!callIds.add(id.textValue())) {
        problems.add(callAt + ".id \"" + id.textValue() + "\" is used by an earlier tool call");
      }
      if (!"function".equals(call.path("type").asText(null))) {
        problems.add(callAt + ".type must be \"function\"");
      }
      JsonNode function = call.path("function");
      if (!function.isObject()) {
        problems.add(callAt + ".function must be an object");
        continue;
      }
      if (!nonEmptyString(function.get("name"))) {
        problems.add(callAt + ".function.name must be a non-empty string");
      }
      JsonNode arguments = function.get("arguments");
      if (arguments == null || !arguments.isTextual()) {
        problems.add(callAt + ".function.arguments must be a string holding JSON");
      } else if (!isJson(arguments.textValue())) {
        problems.add(callAt + ".function.arguments is not valid JSON");
      }
    }
  }

  private void checkToolAnswer(
      String at, JsonNode toolCallId, Set<String> callIds, List<String> problems) {
    if (!rules.toolsAllowed()) {
      problems.add(at + ": tool messages are not supported by " + rules.name());
      return;
    }
    if (!nonEmptyString(toolCallId)) {
      problems.add(at + ".tool_call_id must be a non-empty string");
    } else if (!callIds.contains(toolCallId.textValue())) {
      problems.add(
          at
              + ".tool_call_id \""
              + toolCallId.textValue()
              + "\" does not match any earlier assistant tool call");
    }
  }

  private void checkContent(
      String at, String role, JsonNode content, boolean optional, List<String> problems) {
    if (content == null || content.isNull()) {
      if (!optional) {
        problems.add(at + ".content is missing");
      }
      return;
    }
    if (content.isTextual()) {
      if (!optional && content.textValue().isBlank()) {
        problems.add(at + ".content is empty");
      }
      checkReserved(at + ".content", role, content.textValue(), problems);
      return;
    }
    if (!content.isArray()) {
      problems.add(at + ".content must be a string or an array of parts, found " + kind(content));
      return;
    }
    if (content.isEmpty()) {
      problems.add(at + ".content must not be an empty array");
      return;
    }
    for (int p = 0; p < content.size(); p++) {
      checkPart(at + ".content[" + p + "]", role, content.get(p), problems);
    }
  }

  private void checkPart(String at, String role, JsonNode part, List<String> problems) {
    if (!part.isObject()) {
      problems.add(at + " must be an object, found " + kind(part));
      return;
    }
    String type = part.path("type").asText(null);
    if ("text".equals(type)) {
      if (!part.path("text").isTextual()) {
        problems.add(at + ".text must be a string");
      } else {
        checkReserved(at + ".text", role, part.path("text").textValue(), problems);
      }
    } else if ("image_url".equals(type)) {
      if (!rules.imagesAllowed()) {
        problems.add(at + ": image parts are not supported by " + rules.name());
      } else if (!"user".equals(role)) {
        problems.add(at + ": image parts are only allowed in user messages");
      } else if (!nonEmptyString(part.path("image_url").get("url"))) {
        problems.add(at + ".image_url.url must be a non-empty string");
      }
    } else {
      problems.add(
          at
              + ".type "
              + (type == null ? "is missing" : "\"" + type + "\" is not supported")
              + " (expected "
              + (rules.imagesAllowed() ? "text or image_url" : "text")
              + ")");
    }
  }

  /** The backend's reserved words, which it refuses in system and user text. */
  private void checkReserved(String at, String role, String text, List<String> problems) {
    if (!"user".equals(role) && !isSystem(role)) {
      return;
    }
    for (String word : rules.reservedWords()) {
      if (text.contains(word)) {
        problems.add(at + " contains \"" + word + "\", a keyword reserved by " + rules.name());
      }
    }
  }

  static boolean isSystem(String role) {
    return "system".equals(role) || "developer".equals(role);
  }

  private boolean isJson(String text) {
    try {
      return !mapper.readTree(text).isMissingNode();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static boolean nonEmptyString(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  static String kind(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull()
        ? "null"
        : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
