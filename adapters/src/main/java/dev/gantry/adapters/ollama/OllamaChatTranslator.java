package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.config.ProviderSettings;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Chat completions to and from Ollama's native {@code POST /api/chat} (pure: no I/O).
 *
 * <p>Not expressible on Ollama, so refused as UNSUPPORTED: {@code n > 1}, {@code logprobs},
 * {@code tool_choice} {@code required} or a named function (Ollama lets the model decide; {@code
 * none} is honoured by not sending the tools), and image URLs (only inline base64 images exist
 * natively; the gateway does not fetch URLs). {@code user} and OpenAI-only extensions are dropped;
 * see {@link OllamaOptions} for the extensions that are passed on.
 */
public final class OllamaChatTranslator {

  private static final ObjectNode EMPTY_PARAMETERS = OllamaApi.JSON.createObjectNode()
      .put("type", "object")
      .set("properties", OllamaApi.JSON.createObjectNode());

  private final Supplier<String> callIds;

  /** A translator naming tool calls {@code call_<random>}. */
  public OllamaChatTranslator() {
    this(ToolCall::newId);
  }

  /** @param callIds makes the ids of the tool calls Ollama returns without one */
  public OllamaChatTranslator(Supplier<String> callIds) {
    this.callIds = Objects.requireNonNull(callIds, "callIds");
  }

  /**
   * Builds the {@code /api/chat} request.
   *
   * @param upstreamModel the model name on the Ollama server
   * @param stream true for NDJSON streaming, false for one JSON object
   * @throws GatewayException UNSUPPORTED or INVALID_REQUEST naming the offending parameter
   */
  public ProviderHttpRequest toRequest(ChatRequest r, String upstreamModel, boolean stream,
      ProviderSettings.Ollama s) {
    checkExpressible(r);
    ObjectNode body = OllamaApi.JSON.createObjectNode();
    body.put("model", upstreamModel);
    body.set("messages", OllamaMessages.toWire(r.messages()));
    if (!r.tools().isEmpty() && !isNone(r.toolChoice())) {
      body.set("tools", tools(r.tools()));
    }
    JsonNode format = format(r.responseFormat());
    if (format != null) {
      body.set("format", format);
    }
    ObjectNode options = OllamaOptions.options(r.params(), r.extensions());
    if (!options.isEmpty()) {
      body.set("options", options);
    }
    body.put("stream", stream);
    OllamaApi.keepAlive(body, s);
    OllamaOptions.think(r.extensions(), body);
    return OllamaApi.post(s, OllamaApi.CHAT, body);
  }

  /**
   * Reads a {@code stream:false} answer: {@code message.content}, {@code message.thinking} as
   * reasoning, {@code message.tool_calls} with generated ids, {@code done_reason} and usage.
   *
   * @throws GatewayException UPSTREAM_ERROR for an {@code error} object or an unreadable body
   */
  public ChatResponse fromResponse(JsonNode body) {
    if (body.hasNonNull("error")) {
      throw OllamaErrors.midStream(body.path("error").asText(body.path("error").toString()));
    }
    JsonNode message = body.path("message");
    if (!message.isObject()) {
      throw UpstreamErrors.malformed(new IllegalStateException("no message object"));
    }
    List<ToolCall> calls = OllamaReplies.toolCalls(message.path("tool_calls"), callIds);
    String content = message.path("content").asText("");
    List<ContentPart> parts = content.isEmpty() && !calls.isEmpty()
        ? List.of() : List.of(ContentPart.text(content));
    FinishReason finish = OllamaReplies.finishReason(body.path("done_reason"), !calls.isEmpty());
    ChatResponse.Choice choice = new ChatResponse.Choice(0,
        new Message(Role.ASSISTANT, parts, calls, null, null),
        OllamaReplies.text(message.path("thinking")), null, finish, null);
    return new ChatResponse(List.of(choice), OllamaReplies.usage(body), null);
  }

  private static void checkExpressible(ChatRequest r) {
    if (r.params().choices() > 1) {
      throw GatewayException.unsupported("Ollama generates one choice per request; n must be 1.",
          "n");
    }
    if (r.params().wantsLogprobs()) {
      throw GatewayException.unsupported("This gateway does not return logprobs from Ollama.",
          "logprobs");
    }
    ToolChoice choice = r.toolChoice();
    if (choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED
        || choice.mode() == ToolChoice.Mode.FUNCTION)) {
      throw GatewayException.unsupported(
          "Ollama cannot force a tool call; use tool_choice auto or none.", "tool_choice");
    }
  }

  private static boolean isNone(ToolChoice choice) {
    return choice != null && choice.mode() == ToolChoice.Mode.NONE;
  }

  private static ArrayNode tools(List<ToolDefinition> tools) {
    ArrayNode out = OllamaApi.JSON.createArrayNode();
    for (ToolDefinition tool : tools) {
      ObjectNode wire = out.addObject();
      wire.put("type", "function");
      ObjectNode function = wire.putObject("function");
      function.put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      function.set("parameters",
          tool.parameters() == null ? EMPTY_PARAMETERS.deepCopy() : tool.parameters());
    }
    return out;
  }

  /** {@code "json"} for JSON mode, the schema itself for structured outputs, else null. */
  private static JsonNode format(ResponseFormat format) {
    if (format == null || format.type() == ResponseFormat.Type.TEXT) {
      return null;
    }
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      return OllamaApi.JSON.getNodeFactory().textNode("json");
    }
    return format.schema();
  }
}
