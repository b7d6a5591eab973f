package dev.gantry.adapters.vertex.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.vertex.VertexResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chat completions as Claude on Vertex {@code rawPredict} / {@code streamRawPredict}
 * (providers.md §3.3). Pure: no I/O, no auth.
 *
 * <ul>
 *   <li>The body is the Messages API body without {@code model} (it is in the URL), with
 *       {@code "anthropic_version":"vertex-2023-10-16"}, and {@code "stream":true} when streaming.
 *   <li>{@code max_tokens} is required by the API; when the client gives none,
 *       {@value #DEFAULT_MAX_TOKENS} is sent (every current Claude model allows at least that).
 *   <li>temperature, top_p and stop pass through ({@code stop_sequences}); request extensions
 *       {@code top_k} and {@code thinking} (an object such as
 *       {@code {"type":"enabled","budget_tokens":1024}}) are passed as they came.
 *   <li>Refused (UNSUPPORTED): {@code n > 1}, {@code logprobs}, non-zero penalties and any
 *       {@code response_format} other than text. {@code seed} is dropped (best effort anyway).
 *   <li>Tools: {@code {name, description, input_schema}}; tool_choice auto → {@code auto},
 *       required → {@code any}, a function → {@code tool}, none → {@code none}.
 *   <li>Answers: text blocks join into the content; {@code tool_use} blocks become tool calls
 *       with their input serialized; {@code thinking}/{@code redacted_thinking} blocks become
 *       {@link ReasoningBlock}s (and the thinking text the choice's reasoning).
 *   <li>Usage: prompt = input + cache reads + cache writes (Anthropic's {@code input_tokens}
 *       excludes both); cached = cache reads.
 * </ul>
 */
public final class AnthropicTranslator {

  /** The API version Vertex expects in the body. */
  public static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

  /** {@code max_tokens} sent when the client gives none. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /**
   * Builds the unauthenticated request.
   *
   * @param locationUrl {@code https://{L}-aiplatform.googleapis.com/v1/projects/{P}/locations/{L}}
   *     (or the global form), without a trailing slash
   * @param model the Vertex model name with its version, e.g. {@code claude-sonnet-4-5@20250929}
   * @throws GatewayException UNSUPPORTED or INVALID_REQUEST naming the offending parameter
   * @throws IllegalArgumentException for an image still given by URL (inline it first)
   */
  public ProviderHttpRequest toRequest(ChatRequest r, String locationUrl, String model,
      boolean stream) {
    return toRequestAt(r, VertexResources.publisherModel(locationUrl, "anthropic", model), stream);
  }

  /**
   * Builds the unauthenticated request to {@code {resourceUrl}:rawPredict} (or
   * {@code :streamRawPredict}).
   *
   * @param resourceUrl the model or endpoint resource URL, without a verb
   * @throws GatewayException UNSUPPORTED or INVALID_REQUEST naming the offending parameter
   */
  public ProviderHttpRequest toRequestAt(ChatRequest r, String resourceUrl, boolean stream) {
    Objects.requireNonNull(resourceUrl, "resourceUrl");
    checkExpressible(r);
    ObjectNode body = AnthropicJson.object().put("anthropic_version", ANTHROPIC_VERSION);
    if (stream) {
      body.put("stream", true);
    }
    GenerationParams p = r.params();
    body.put("max_tokens", p.maxTokens() == null ? DEFAULT_MAX_TOKENS : p.maxTokens());
    JsonNode system = AnthropicMessages.system(r.messages());
    if (system != null) {
      body.set("system", system);
    }
    body.set("messages", AnthropicMessages.messages(r.messages()));
    if (p.temperature() != null) {
      body.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      body.put("top_p", p.topP());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      p.stop().forEach(stop::add);
    }
    tools(r.tools(), r.toolChoice(), body);
    passThrough(r.extensions(), "top_k", body);
    passThrough(r.extensions(), "thinking", body);
    String url = resourceUrl + (stream ? ":streamRawPredict" : ":rawPredict");
    return ProviderHttpRequest.postJson(url,
        Map.of("accept", stream ? "text/event-stream" : "application/json"),
        AnthropicJson.write(body));
  }

  /**
   * Reads a Messages answer.
   *
   * @throws GatewayException UPSTREAM_ERROR when it has no {@code content} list
   */
  public ChatResponse fromResponse(JsonNode body) {
    JsonNode content = body.get("content");
    if (content == null || !content.isArray()) {
      throw AnthropicJson.malformed("a Messages answer without content");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    List<ReasoningBlock> reasoning = new ArrayList<>();
    for (JsonNode block : content) {
      String type = AnthropicJson.string(block, "type");
      if ("text".equals(type)) {
        text.append(Objects.requireNonNullElse(AnthropicJson.string(block, "text"), ""));
      } else if ("tool_use".equals(type)) {
        calls.add(toolCall(block));
      } else if ("thinking".equals(type)) {
        String t = Objects.requireNonNullElse(AnthropicJson.string(block, "thinking"), "");
        thinking.append(t);
        reasoning.add(ReasoningBlock.text(t, AnthropicJson.string(block, "signature")));
      } else if ("redacted_thinking".equals(type)) {
        String data = AnthropicJson.string(block, "data");
        if (data != null) {
          reasoning.add(ReasoningBlock.redacted(data));
        }
      }
    }
    List<ContentPart> parts = text.length() == 0 ? List.of() : List.of(ContentPart.text(text.toString()));
    Message message = new Message(Role.ASSISTANT, parts, calls, null, null);
    ChatResponse.Choice choice = new ChatResponse.Choice(0, message,
        thinking.length() == 0 ? null : thinking.toString(), null,
        finishReason(AnthropicJson.string(body, "stop_reason")), null, reasoning);
    return new ChatResponse(List.of(choice), usage(body.get("usage"), null), null);
  }

  /**
   * Anthropic's {@code stop_reason} in OpenAI's words: end_turn, stop_sequence, pause_turn →
   * stop; max_tokens, model_context_window_exceeded → length; tool_use → tool_calls; refusal →
   * content_filter; unknown values → stop; null stays null.
   */
  static FinishReason finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    switch (stopReason) {
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.STOP;
    }
  }

  /**
   * Messages {@code usage} objects as canonical usage, or null when none is present. A stream
   * reports usage twice, in {@code message_start} and {@code message_delta}, where counts are
   * cumulative: each field is the larger of the two.
   *
   * @param later the {@code message_delta} usage, or null
   */
  static Usage usage(JsonNode usage, JsonNode later) {
    boolean first = usage != null && usage.isObject();
    boolean second = later != null && later.isObject();
    if (!first && !second) {
      return null;
    }
    int read = count(usage, later, "cache_read_input_tokens");
    int written = count(usage, later, "cache_creation_input_tokens");
    int input = count(usage, later, "input_tokens") + read + written;
    return new Usage(input, count(usage, later, "output_tokens"), read, 0);
  }

  private static int count(JsonNode usage, JsonNode later, String field) {
    return Math.max(AnthropicJson.count(usage, field), AnthropicJson.count(later, field));
  }

  private static ToolCall toolCall(JsonNode block) {
    String id = AnthropicJson.string(block, "id");
    String name = AnthropicJson.string(block, "name");
    if (id == null || name == null) {
      throw AnthropicJson.malformed("a tool_use block without id or name");
    }
    JsonNode input = block.get("input");
    return new ToolCall(id, name, input == null || input.isNull() ? "{}" : input.toString());
  }

  private static void checkExpressible(ChatRequest r) {
    GenerationParams p = r.params();
    if (p.choices() != 1) {
      throw GatewayException.unsupported("Claude generates one choice per request; n must be 1.",
          "n");
    }
    if (p.wantsLogprobs()) {
      throw GatewayException.unsupported("Claude does not return logprobs.", "logprobs");
    }
    if (p.presencePenalty() != null && p.presencePenalty() != 0) {
      throw GatewayException.unsupported("Claude has no presence penalty.", "presence_penalty");
    }
    if (p.frequencyPenalty() != null && p.frequencyPenalty() != 0) {
      throw GatewayException.unsupported("Claude has no frequency penalty.", "frequency_penalty");
    }
    if (p.maxTokens() != null && p.maxTokens() < 1) {
      throw GatewayException.invalid("Invalid 'max_tokens': must be at least 1.", "max_tokens");
    }
    if (r.responseFormat() != null && r.responseFormat().type() != ResponseFormat.Type.TEXT) {
      throw GatewayException.unsupported("Claude on Vertex has no JSON mode; describe the format "
          + "in the prompt or use a tool.", "response_format");
    }
  }

  private static void tools(List<ToolDefinition> tools, ToolChoice choice, ObjectNode body) {
    if (tools.isEmpty()) {
      if (choice != null && choice.mode() != ToolChoice.Mode.NONE
          && choice.mode() != ToolChoice.Mode.AUTO) {
        throw GatewayException.invalid("'tool_choice' requires 'tools'.", "tool_choice");
      }
      return;
    }
    ArrayNode list = body.putArray("tools");
    for (ToolDefinition t : tools) {
      ObjectNode tool = list.addObject().put("name", t.name());
      if (t.description() != null) {
        tool.put("description", t.description());
      }
      if (t.parameters() != null && t.parameters().isObject()) {
        tool.set("input_schema", t.parameters());
      } else {
        tool.putObject("input_schema").put("type", "object");
      }
    }
    if (choice == null) {
      return;
    }
    ObjectNode c = body.putObject("tool_choice");
    switch (choice.mode()) {
      case NONE:
        c.put("type", "none");
        break;
      case REQUIRED:
        c.put("type", "any");
        break;
      case FUNCTION:
        c.put("type", "tool").put("name", choice.function());
        break;
      default:
        c.put("type", "auto");
        break;
    }
  }

  private static void passThrough(ObjectNode extensions, String field, ObjectNode body) {
    JsonNode value = extensions.get(field);
    if (value != null && !value.isNull()) {
      body.set(field, value);
    }
  }
}
