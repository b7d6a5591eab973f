package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.ResponseParts.finish;
import static dev.gantry.adapters.openai.ResponseParts.orNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream chat response and chunks → canonical. Tolerant of what OpenAI-compatible servers
 * really send: unknown fields, {@code null} details, {@code reasoning_content} (vLLM, DeepSeek) or
 * {@code reasoning} (Ollama, newer vLLM), {@code thinking_blocks} with signatures (LiteLLM),
 * empty ids (TGI), arguments as objects, {@code choices:[]}.
 * A response that calls tools but says {@code stop} (TGI) reads as {@code tool_calls}, as OpenAI
 * reports it.
 */
final class ChatResponseReader {

  private ChatResponseReader() {}

  static ChatResponse response(JsonNode body) {
    ResponseParts.checkNotError(body);
    JsonNode choices = body.get("choices");
    if (choices == null || !choices.isArray()) {
      throw ResponseParts.malformed("a chat completion without choices");
    }
    List<ChatResponse.Choice> out = new ArrayList<>(choices.size());
    for (int i = 0; i < choices.size(); i++) {
      JsonNode c = choices.get(i);
      JsonNode msg = c.path("message");
      String text = text(msg.get("content"));
      List<ContentPart> content = text == null || text.isEmpty() ? List.of()
          : List.of(ContentPart.text(text));
      List<ToolCall> calls = toolCalls(msg.get("tool_calls"));
      Message message = new Message(Role.ASSISTANT, content, calls, null, null);
      FinishReason finish = finish(c.get("finish_reason"));
      if (finish == FinishReason.STOP && !calls.isEmpty()) {
        finish = FinishReason.TOOL_CALLS;
      }
      out.add(new ChatResponse.Choice(c.path("index").asInt(i), message, reasoning(msg),
          nonEmpty(msg.get("refusal")), finish, orNull(c.get("logprobs")),
          ThinkingBlocks.readUpstream(msg)));
    }
    return new ChatResponse(out, ResponseParts.read(body.get("usage")),
        nonEmpty(body.get("system_fingerprint")));
  }

  static ChatChunk chunk(JsonNode chunk) {
    ResponseParts.checkNotError(chunk);
    JsonNode choices = chunk.get("choices");
    List<ChatChunk.Delta> deltas = new ArrayList<>(choices == null ? 0 : choices.size());
    if (choices != null && choices.isArray()) {
      for (int i = 0; i < choices.size(); i++) {
        JsonNode c = choices.get(i);
        JsonNode d = c.path("delta");
        Role role = d.path("role").isTextual()
            ? Role.fromWire(d.path("role").textValue()).orElse(Role.ASSISTANT) : null;
        deltas.add(new ChatChunk.Delta(c.path("index").asInt(i), role, nonEmpty(d.get("content")),
            reasoning(d), toolCallDeltas(d.get("tool_calls")), finish(c.get("finish_reason")),
            orNull(c.get("logprobs")), ThinkingBlocks.upstreamSignature(d)));
      }
    }
    return new ChatChunk(deltas, ResponseParts.read(chunk.get("usage")));
  }

  private static String reasoning(JsonNode message) {
    String r = nonEmpty(message.get("reasoning_content"));
    return r != null ? r : nonEmpty(message.get("reasoning"));
  }

  private static List<ToolCall> toolCalls(JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      return List.of();
    }
    List<ToolCall> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode t = array.get(i);
      JsonNode fn = t.path("function");
      String name = nonEmpty(fn.get("name"));
      if (name == null) {
        throw ResponseParts.malformed("a tool call without a function name");
      }
      String id = nonEmpty(t.get("id"));
      out.add(new ToolCall(id == null ? "call_" + i : id, name, arguments(fn.get("arguments"))));
    }
    return out;
  }

  private static List<ToolCallDelta> toolCallDeltas(JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      return List.of();
    }
    List<ToolCallDelta> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode t = array.get(i);
      JsonNode fn = t.path("function");
      out.add(new ToolCallDelta(t.path("index").asInt(i), nonEmpty(t.get("id")),
          nonEmpty(fn.get("name")), arguments(fn.get("arguments"))));
    }
    return out;
  }

  /** Arguments as a JSON text; servers that send an object get it serialized. */
  private static String arguments(JsonNode args) {
    if (args == null || args.isNull()) {
      return null;
    }
    return args.isTextual() ? args.textValue() : args.toString();
  }

  /** A string content, or the text parts of an array content joined; null when absent. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(part.path("type").asText())) {
        sb.append(part.path("text").asText());
      }
    }
    return sb.toString();
  }

  private static String nonEmpty(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
  }
}
