package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.Fields.index;
import static dev.gantry.adapters.openai.Fields.optArray;
import static dev.gantry.adapters.openai.Fields.optBool;
import static dev.gantry.adapters.openai.Fields.optObject;
import static dev.gantry.adapters.openai.Fields.optOneOf;
import static dev.gantry.adapters.openai.Fields.optString;
import static dev.gantry.adapters.openai.Fields.path;
import static dev.gantry.adapters.openai.Fields.present;
import static dev.gantry.adapters.openai.Fields.requiredNonEmpty;
import static dev.gantry.adapters.openai.Fields.requiredNonEmptyArray;
import static dev.gantry.adapters.openai.Fields.requiredObject;
import static dev.gantry.adapters.openai.Fields.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Client chat request → canonical, validating as OpenAI does (see {@link OpenAiChat}). */
final class ChatRequestReader {

  /** Top-level fields the canonical request captures; everything else is an extension. */
  static final Set<String> FIELDS;

  static {
    Set<String> all = new HashSet<>(Params.CHAT_FIELDS);
    all.addAll(Set.of("model", "messages", "tools", "tool_choice", "response_format", "stream",
        "stream_options", "user"));
    FIELDS = Set.copyOf(all);
  }

  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final String[] ROLES = {"system", "developer", "user", "assistant", "tool"};

  private ChatRequestReader() {}

  static ChatRequest read(JsonNode body) {
    Fields.requireObject(body, "");
    rejectLegacyFunctions(body);
    String model = requiredNonEmpty(body, "model", "");
    List<Message> messages = messages(requiredNonEmptyArray(body, "messages", ""));
    List<ToolDefinition> tools = tools(optArray(body, "tools", ""));
    ToolChoice toolChoice = toolChoice(body, tools);
    ResponseFormat format = responseFormat(optObject(body, "response_format", ""));
    boolean stream = Boolean.TRUE.equals(optBool(body, "stream", ""));
    JsonNode streamOptions = optObject(body, "stream_options", "");
    if (streamOptions != null && !stream) {
      throw GatewayException.invalid("The 'stream_options' parameter is only allowed when "
          + "'stream' is enabled.", "stream_options");
    }
    boolean includeUsage = streamOptions != null
        && Boolean.TRUE.equals(optBool(streamOptions, "include_usage", "stream_options"));
    return new ChatRequest(model, messages, Params.readChat(body), tools, toolChoice, format,
        stream, includeUsage, optString(body, "user", ""), Fields.extensions(body, FIELDS));
  }

  private static void rejectLegacyFunctions(JsonNode body) {
    for (String legacy : new String[] {"functions", "function_call"}) {
      if (present(body, legacy) != null) {
        throw GatewayException.unsupported("The legacy '" + legacy + "' parameter is not "
            + "supported; use 'tools' and 'tool_choice' instead.", legacy);
      }
    }
  }

  private static List<Message> messages(JsonNode array) {
    List<Message> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(message(array.get(i), index("messages", i)));
    }
    return out;
  }

  private static Message message(JsonNode m, String at) {
    Fields.requireObject(m, at);
    String roleName = requiredString(m, "role", at);
    if ("function".equals(roleName) || present(m, "function_call") != null) {
      throw GatewayException.unsupported("Legacy function messages are not supported; use "
          + "assistant 'tool_calls' and 'tool' messages instead.", path(at, "role"));
    }
    Role role = Role.fromWire(roleName)
        .orElseThrow(() -> Fields.invalidValue(roleName, path(at, "role"), ROLES));
    List<ToolCall> calls = role == Role.ASSISTANT ? toolCalls(m, at) : List.of();
    List<ContentPart> content = content(m, at, role);
    String toolCallId = role == Role.TOOL ? requiredString(m, "tool_call_id", at) : null;
    List<ReasoningBlock> reasoning = role == Role.ASSISTANT ? ThinkingBlocks.readRequest(m, at)
        : List.of();
    return new Message(role, content, calls, toolCallId, optString(m, "name", at), reasoning);
  }

  private static List<ContentPart> content(JsonNode m, String at, Role role) {
    JsonNode content = present(m, "content");
    String where = path(at, "content");
    if (content == null) {
      if (role == Role.ASSISTANT) {
        return List.of();
      }
      throw Fields.missing(where);
    }
    if (content.isTextual()) {
      return List.of(ContentPart.text(content.textValue()));
    }
    if (!content.isArray()) {
      throw Fields.type(where, "a string or an array of content parts", content);
    }
    List<ContentPart> parts = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      parts.add(part(content.get(i), index(where, i), role));
    }
    return parts;
  }

  private static ContentPart part(JsonNode p, String at, Role role) {
    Fields.requireObject(p, at);
    String type = requiredString(p, "type", at);
    switch (type) {
      case "text":
        return ContentPart.text(requiredString(p, "text", at));
      case "refusal":
        if (role != Role.ASSISTANT) {
          break;
        }
        return ContentPart.text(requiredString(p, "refusal", at));
      case "image_url":
        if (role != Role.USER) {
          throw GatewayException.invalid("Image URLs are only allowed for messages with role "
              + "'user', but this message with role '" + role.wire() + "' contains an image URL.",
              path(at, "type"));
        }
        return image(p, at);
      case "input_audio":
      case "file":
        throw GatewayException.unsupported("Content parts of type '" + type + "' are not "
            + "supported.", path(at, "type"));
      default:
        break;
    }
    throw role == Role.USER
        ? Fields.invalidValue(type, path(at, "type"), "text", "image_url")
        : Fields.invalidValue(type, path(at, "type"), "text");
  }

  private static ContentPart image(JsonNode p, String at) {
    String where = path(at, "image_url");
    JsonNode imageUrl = present(p, "image_url");
    if (imageUrl == null) {
      throw Fields.missing(where);
    }
    if (imageUrl.isTextual()) {
      return new ContentPart.Image(ImageUrls.parse(imageUrl.textValue(), where), null);
    }
    if (!imageUrl.isObject()) {
      throw Fields.type(where, "an object", imageUrl);
    }
    String url = requiredString(imageUrl, "url", where);
    String detail = optOneOf(imageUrl, "detail", where, "auto", "low", "high");
    return new ContentPart.Image(ImageUrls.parse(url, path(where, "url")), detail);
  }

  private static List<ToolCall> toolCalls(JsonNode m, String at) {
    JsonNode array = optArray(m, "tool_calls", at);
    if (array == null) {
      return List.of();
    }
    List<ToolCall> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = index(path(at, "tool_calls"), i);
      JsonNode c = array.get(i);
      Fields.requireObject(c, where);
      String id = requiredString(c, "id", where);
      optOneOf(c, "type", where, "function");
      JsonNode function = requiredObject(c, "function", where);
      String fn = path(where, "function");
      String name = requiredString(function, "name", fn);
      JsonNode args = present(function, "arguments");
      if (args != null && !args.isTextual() && !args.isObject()) {
        throw Fields.type(path(fn, "arguments"), "a string", args);
      }
      out.add(new ToolCall(id, name, args == null ? "{}" : args.isTextual() ? args.textValue()
          : args.toString()));
    }
    return out;
  }

  private static List<ToolDefinition> tools(JsonNode array) {
    if (array == null) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = index("tools", i);
      JsonNode t = array.get(i);
      Fields.requireObject(t, where);
      String type = requiredString(t, "type", where);
      if (!"function".equals(type)) {
        throw GatewayException.unsupported("Tools of type '" + type + "' are not supported; "
            + "only 'function' tools are.", path(where, "type"));
      }
      String fn = path(where, "function");
      JsonNode function = requiredObject(t, "function", where);
      String name = requiredString(function, "name", fn);
      if (!TOOL_NAME.matcher(name).matches()) {
        throw GatewayException.invalid("Invalid '" + path(fn, "name") + "': string does not match "
            + "pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.",
            path(fn, "name"));
      }
      out.add(new ToolDefinition(name, optString(function, "description", fn),
          optObject(function, "parameters", fn), optBool(function, "strict", fn)));
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonNode body, List<ToolDefinition> tools) {
    JsonNode v = present(body, "tool_choice");
    if (v == null) {
      return null;
    }
    ToolChoice choice;
    if (v.isTextual()) {
      Fields.checkOneOf(v.textValue(), "tool_choice", "none", "auto", "required");
      choice = "none".equals(v.textValue()) ? ToolChoice.NONE
          : "auto".equals(v.textValue()) ? ToolChoice.AUTO : ToolChoice.REQUIRED;
    } else if (v.isObject()) {
      Fields.checkOneOf(requiredString(v, "type", "tool_choice"), "tool_choice.type", "function");
      JsonNode function = requiredObject(v, "function", "tool_choice");
      choice = ToolChoice.function(requiredString(function, "name", "tool_choice.function"));
    } else {
      throw Fields.type("tool_choice", "a string or an object", v);
    }
    boolean forcing = choice.mode() == ToolChoice.Mode.REQUIRED
        || choice.mode() == ToolChoice.Mode.FUNCTION;
    if (forcing && tools.isEmpty()) {
      throw GatewayException.invalid("Invalid value for 'tool_choice': 'tool_choice' is only "
          + "allowed when 'tools' are specified.", "tool_choice");
    }
    if (choice.mode() == ToolChoice.Mode.FUNCTION && tools.stream()
        .noneMatch(t -> t.name().equals(choice.function()))) {
      throw GatewayException.invalid("Invalid value for 'tool_choice': the function '"
          + choice.function() + "' is not among the 'tools'.", "tool_choice.function.name");
    }
    return choice;
  }

  private static ResponseFormat responseFormat(JsonNode v) {
    if (v == null) {
      return null;
    }
    String type = requiredString(v, "type", "response_format");
    switch (type) {
      case "text":
        return ResponseFormat.TEXT;
      case "json_object":
        return ResponseFormat.JSON_OBJECT;
      case "json_schema": {
        JsonNode js = requiredObject(v, "json_schema", "response_format");
        String at = "response_format.json_schema";
        String name = requiredNonEmpty(js, "name", at);
        JsonNode schema = requiredObject(js, "schema", at);
        return ResponseFormat.jsonSchema(name, schema, optBool(js, "strict", at));
      }
      default:
        throw Fields.invalidValue(type, "response_format.type", "text", "json_object",
            "json_schema");
    }
  }
}
