package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The slice of the OpenAI wire format the Ollama goldens use, read into and written from the
 * canonical model. A test stand-in for the OpenAI codec: ids, timestamps and model names, which the
 * gateway stamps, are left out of the written shapes.
 */
final class OpenAiShapes {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> MODELLED = Set.of("model", "messages", "tools", "tool_choice",
      "response_format", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "n",
      "seed", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "stream",
      "stream_options", "user");

  private OpenAiShapes() {}

  static ChatRequest chatRequest(JsonNode body) {
    List<Message> messages = new ArrayList<>();
    body.path("messages").forEach(m -> messages.add(message(m)));
    List<ToolDefinition> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      JsonNode f = tool.path("function");
      tools.add(new ToolDefinition(f.path("name").asText(), f.path("description").asText(null),
          f.get("parameters"), f.has("strict") ? f.path("strict").asBoolean() : null));
    }
    JsonNode stop = body.path("stop");
    List<String> stops = new ArrayList<>();
    if (stop.isTextual()) {
      stops.add(stop.asText());
    }
    stop.forEach(s -> stops.add(s.asText()));
    JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens")
        : body.get("max_tokens");
    GenerationParams params = new GenerationParams(dbl(body, "temperature"), dbl(body, "top_p"),
        max == null ? null : max.asInt(), stops, body.has("n") ? body.get("n").asInt() : null,
        body.has("seed") ? body.get("seed").asLong() : null, dbl(body, "presence_penalty"),
        dbl(body, "frequency_penalty"),
        body.has("logprobs") ? body.get("logprobs").asBoolean() : null,
        body.has("top_logprobs") ? body.get("top_logprobs").asInt() : null);
    ObjectNode extensions = NODES.objectNode();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MODELLED.contains(name)) {
        extensions.set(name, body.get(name));
      }
    }
    return new ChatRequest(body.path("model").asText(), messages, params, tools,
        toolChoice(body.get("tool_choice")), responseFormat(body.get("response_format")),
        body.path("stream").asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false),
        body.path("user").asText(null), extensions);
  }

  static EmbeddingRequest embeddingRequest(JsonNode body) {
    List<String> texts = new ArrayList<>();
    if (body.path("input").isTextual()) {
      texts.add(body.path("input").asText());
    }
    body.path("input").forEach(t -> texts.add(t.asText()));
    return EmbeddingRequest.ofTexts(body.path("model").asText(), texts);
  }

  static ObjectNode chatResponse(ChatResponse response) {
    ObjectNode out = NODES.objectNode().put("object", "chat.completion");
    ArrayNode choices = out.putArray("choices");
    for (ChatResponse.Choice c : response.choices()) {
      ObjectNode choice = choices.addObject().put("index", c.index());
      ObjectNode message = choice.putObject("message").put("role", "assistant");
      message.put("content", c.message().content().isEmpty() ? null : c.message().text());
      if (c.reasoning() != null) {
        message.put("reasoning_content", c.reasoning());
      }
      if (!c.message().toolCalls().isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        for (ToolCall call : c.message().toolCalls()) {
          calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
              .put("name", call.name()).put("arguments", call.arguments());
        }
      }
      choice.put("finish_reason", c.finishReason() == null ? null : c.finishReason().wire());
    }
    if (response.usage() != null) {
      out.set("usage", usage(response.usage()));
    }
    return out;
  }

  static ObjectNode chunk(ChatChunk chunk) {
    ObjectNode out = NODES.objectNode();
    ArrayNode choices = out.putArray("choices");
    for (ChatChunk.Delta d : chunk.choices()) {
      ObjectNode choice = choices.addObject().put("index", d.index());
      ObjectNode delta = choice.putObject("delta");
      if (d.role() != null) {
        delta.put("role", d.role().wire());
      }
      if (d.content() != null) {
        delta.put("content", d.content());
      }
      if (d.reasoning() != null) {
        delta.put("reasoning_content", d.reasoning());
      }
      if (!d.toolCalls().isEmpty()) {
        ArrayNode calls = delta.putArray("tool_calls");
        for (ToolCallDelta call : d.toolCalls()) {
          ObjectNode wire = calls.addObject().put("index", call.index());
          if (call.id() != null) {
            wire.put("id", call.id()).put("type", "function");
          }
          ObjectNode function = wire.putObject("function");
          if (call.name() != null) {
            function.put("name", call.name());
          }
          function.put("arguments", call.arguments());
        }
      }
      choice.put("finish_reason", d.finishReason() == null ? null : d.finishReason().wire());
    }
    if (chunk.usage() != null) {
      out.set("usage", usage(chunk.usage()));
    }
    return out;
  }

  static ObjectNode error(GatewayException e) {
    ObjectNode out = NODES.objectNode();
    out.putObject("error").put("message", e.getMessage()).put("type", e.kind().type())
        .put("param", e.param()).put("code", e.kind().code());
    return out;
  }

  static ObjectNode embeddingResponse(EmbeddingResponse response) {
    ObjectNode out = NODES.objectNode().put("object", "list");
    ArrayNode data = out.putArray("data");
    for (int i = 0; i < response.vectors().size(); i++) {
      ArrayNode vector = data.addObject().put("object", "embedding").put("index", i)
          .putArray("embedding");
      for (float v : response.vectors().get(i)) {
        vector.add(v);
      }
    }
    if (response.usage() != null) {
      out.putObject("usage").put("prompt_tokens", response.usage().promptTokens())
          .put("total_tokens", response.usage().totalTokens());
    }
    return out;
  }

  private static ObjectNode usage(Usage usage) {
    return NODES.objectNode().put("prompt_tokens", usage.promptTokens())
        .put("completion_tokens", usage.completionTokens())
        .put("total_tokens", usage.totalTokens());
  }

  private static Message message(JsonNode m) {
    Role role = Role.fromWire(m.path("role").asText()).orElseThrow();
    List<ContentPart> parts = new ArrayList<>();
    JsonNode content = m.path("content");
    if (content.isTextual()) {
      parts.add(ContentPart.text(content.asText()));
    }
    for (JsonNode part : content) {
      if ("image_url".equals(part.path("type").asText())) {
        ImageSource source = ImageSource.parse(part.path("image_url").path("url").asText())
            .orElseThrow();
        parts.add(new ContentPart.Image(source, part.path("image_url").path("detail").asText(null)));
      } else {
        parts.add(ContentPart.text(part.path("text").asText()));
      }
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : m.path("tool_calls")) {
      calls.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
          call.path("function").path("arguments").asText()));
    }
    return new Message(role, parts, calls, m.path("tool_call_id").asText(null),
        m.path("name").asText(null));
  }

  private static ToolChoice toolChoice(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      return ToolChoice.function(node.path("function").path("name").asText());
    }
    return new ToolChoice(ToolChoice.Mode.valueOf(node.asText().toUpperCase(java.util.Locale.ROOT)),
        null);
  }

  private static ResponseFormat responseFormat(JsonNode node) {
    if (node == null) {
      return null;
    }
    String type = node.path("type").asText();
    if ("json_object".equals(type)) {
      return ResponseFormat.JSON_OBJECT;
    }
    if ("json_schema".equals(type)) {
      JsonNode schema = node.path("json_schema");
      return ResponseFormat.jsonSchema(schema.path("name").asText(null), schema.get("schema"),
          schema.has("strict") ? schema.path("strict").asBoolean() : null);
    }
    return ResponseFormat.TEXT;
  }

  private static Double dbl(JsonNode body, String name) {
    return body.has(name) ? body.get(name).asDouble() : null;
  }
}
