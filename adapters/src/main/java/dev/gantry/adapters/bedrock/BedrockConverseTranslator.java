package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI chat completions to and from Bedrock {@code Converse} and {@code ConverseStream}, for
 * every text model Bedrock serves (Claude, Nova, Llama, Mistral, Cohere, DeepSeek...). Pure: no
 * I/O, no clock, no signing (the adapter signs the returned request).
 *
 * <p>The request maps concept by concept: messages and system ({@link ConverseMessages}), tools
 * ({@link ConverseTools}), sampling ({@link InferenceConfig}), {@code response_format}
 * ({@link StructuredOutput}) and model-native extensions ({@link AdditionalModelFields}). The
 * answer's {@code text} blocks become the message content, {@code toolUse} blocks tool calls with
 * their {@code input} object serialized as OpenAI's {@code arguments} string,
 * {@code reasoningContent} text the {@code reasoning_content}, and every reasoning block, signed
 * or redacted, a {@link ReasoningBlock} of the choice for the client to send back;
 * the stop reason and usage go through {@link StopReasons} and {@link ConverseUsage}. Blocks of
 * Bedrock's own server-side tools and any other kind of block are left out.
 */
public final class BedrockConverseTranslator {

  /** What a non-streaming call accepts. */
  public static final String JSON = "application/json";
  /** What a streaming call accepts: binary event-stream frames. */
  public static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  /**
   * Builds the unsigned {@code POST {endpoint}/model/{modelId}/converse} (or
   * {@code /converse-stream}) request, the model id encoded as one path segment.
   *
   * @param modelId the deployment's Bedrock model id: a foundation model id, an inference profile
   *     id (with its {@code us.}/{@code eu.}/{@code global.}... prefix) or any Bedrock ARN
   * @param endpointUrl the runtime endpoint, e.g. {@code https://bedrock-runtime.us-east-1.amazonaws.com}
   * @throws GatewayException UNSUPPORTED or INVALID_REQUEST naming the offending parameter
   * @throws IllegalArgumentException for a malformed model id, or an image still given by URL
   *     (the adapter must inline remote images first)
   */
  public ProviderHttpRequest toRequest(ChatRequest r, String modelId, boolean stream,
      String endpointUrl) {
    ModelIds.check(modelId);
    Objects.requireNonNull(endpointUrl, "endpointUrl");
    InferenceConfig.checkExpressible(r.params());
    ObjectNode body = ConverseJson.object();
    body.set("messages", ConverseMessages.messages(r.messages()));
    ArrayNode system = ConverseMessages.system(r.messages());
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    setIfPresent(body, "inferenceConfig", InferenceConfig.of(r.params()));
    setIfPresent(body, "toolConfig", ConverseTools.toolConfig(r.tools(), r.toolChoice()));
    setIfPresent(body, "outputConfig", StructuredOutput.of(r.responseFormat(), modelId));
    setIfPresent(body, "additionalModelRequestFields",
        AdditionalModelFields.of(r.extensions(), modelId));
    String url = base(endpointUrl) + "/model/" + ModelIds.pathSegment(modelId)
        + (stream ? "/converse-stream" : "/converse");
    return ProviderHttpRequest.postJson(url, Map.of("accept", stream ? EVENT_STREAM : JSON),
        ConverseJson.write(body));
  }

  /**
   * Reads a {@code Converse} answer.
   *
   * @throws GatewayException UPSTREAM_ERROR when the body has no {@code output.message.content}
   */
  public ChatResponse fromResponse(JsonNode body) {
    JsonNode content = body.path("output").path("message").path("content");
    if (!content.isArray()) {
      throw UpstreamErrors.malformed(new IllegalStateException("no output.message.content"));
    }
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    List<ReasoningBlock> reasoning = new ArrayList<>();
    for (JsonNode block : content) {
      String text = ConverseJson.string(block, "text");
      if (text != null) {
        parts.add(ContentPart.text(text));
      } else if (block.has("toolUse")) {
        ToolCall call = toolCall(block.get("toolUse"));
        if (call != null) {
          calls.add(call);
        }
      } else if (block.has("reasoningContent")) {
        ReasoningBlock thought = reasoning(block.get("reasoningContent"));
        if (thought != null) {
          reasoning.add(thought);
        }
      }
    }
    ChatResponse.Choice choice = new ChatResponse.Choice(0,
        new Message(Role.ASSISTANT, parts, calls, null, null), reasoningText(reasoning), null,
        StopReasons.of(body.path("stopReason").textValue()), null, reasoning);
    return new ChatResponse(List.of(choice), ConverseUsage.of(body.get("usage")), null);
  }

  /** A {@code reasoningText} (signature kept) or {@code redactedContent} block, else null. */
  private static ReasoningBlock reasoning(JsonNode block) {
    String redacted = ConverseJson.string(block, "redactedContent");
    if (redacted != null) {
      return ReasoningBlock.redacted(redacted);
    }
    JsonNode text = block.path("reasoningText");
    String thought = ConverseJson.string(text, "text");
    return thought == null ? null
        : ReasoningBlock.text(thought, ConverseJson.string(text, "signature"));
  }

  /** The visible reasoning: the text blocks joined, or null when there are none. */
  private static String reasoningText(List<ReasoningBlock> blocks) {
    StringBuilder sb = new StringBuilder();
    for (ReasoningBlock b : blocks) {
      if (!b.isRedacted()) {
        sb.append(b.text());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** A client tool call, or null for Bedrock's own server-side tools. */
  private static ToolCall toolCall(JsonNode use) {
    if ("server_tool_use".equals(use.path("type").textValue())) {
      return null;
    }
    String id = ConverseJson.string(use, "toolUseId");
    String name = ConverseJson.string(use, "name");
    if (id == null || name == null) {
      throw UpstreamErrors.malformed(new IllegalStateException("a toolUse without id or name"));
    }
    JsonNode input = use.get("input");
    return new ToolCall(id, name,
        input == null || input.isNull() ? "{}" : ConverseJson.text(input));
  }

  private static void setIfPresent(ObjectNode body, String field, JsonNode value) {
    if (value != null) {
      body.set(field, value);
    }
  }

  private static String base(String endpointUrl) {
    String base = endpointUrl;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base;
  }
}
