package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI chat completions to and from Gemini {@code generateContent} and
 * {@code streamGenerateContent?alt=sse} on Vertex AI (providers.md §3.2). Pure: no I/O, no clock,
 * no auth (the adapter adds the bearer token).
 *
 * <p>The request maps concept by concept: messages ({@link GeminiContents}), sampling, output
 * format and tools ({@link GeminiConfig}). Each candidate of the answer is a choice: its text
 * parts the content, its {@code thought} parts the {@code reasoning_content}, its
 * {@code functionCall} parts tool calls with ids from {@link GeminiToolIds} (which keep the
 * {@code thoughtSignature}); finish reason and usage via {@link GeminiUsage}. Other parts (code
 * execution, inline output media) are left out. A prompt Gemini blocked is a CONTENT_FILTERED
 * error ({@link VertexErrors#promptBlocked}).
 */
public final class GeminiTranslator {

  /** What a non-streaming call accepts. */
  public static final String JSON = "application/json";
  /** What a streaming call accepts. */
  public static final String EVENT_STREAM = "text/event-stream";

  /**
   * Builds {@code POST {locationUrl}/publishers/google/models/{model}:generateContent} (or
   * {@code :streamGenerateContent?alt=sse}).
   *
   * @param model the Gemini model name, e.g. {@code gemini-2.5-flash}
   * @param locationUrl e.g. {@code https://aiplatform.googleapis.com/v1/projects/p/locations/global}
   * @throws GatewayException UNSUPPORTED or INVALID_REQUEST naming the offending parameter
   * @throws IllegalArgumentException for a blank or path-like model, or an image still given by an
   *     http(s) URL (the adapter fetches remote images first; {@code gs://} is sent as is)
   */
  public ProviderHttpRequest toRequest(ChatRequest r, String model, boolean stream,
      String locationUrl) {
    return toRequestAt(r, VertexResources.publisherModel(locationUrl, "google", model), stream);
  }

  /**
   * Builds {@code POST {resourceUrl}:generateContent} (or {@code :streamGenerateContent?alt=sse})
   * for any resource that serves Gemini: a publisher model or an endpoint holding a tuned Gemini.
   *
   * @param resourceUrl the model or endpoint resource URL, without a verb
   */
  public ProviderHttpRequest toRequestAt(ChatRequest r, String resourceUrl, boolean stream) {
    Objects.requireNonNull(resourceUrl, "resourceUrl");
    ObjectNode body = GeminiJson.object();
    body.set("contents", GeminiContents.contents(r.messages()));
    setIfPresent(body, "systemInstruction", GeminiContents.systemInstruction(r.messages()));
    setIfPresent(body, "generationConfig",
        GeminiConfig.generationConfig(r.params(), r.responseFormat()));
    setIfPresent(body, "tools", GeminiConfig.tools(r.tools()));
    setIfPresent(body, "toolConfig", GeminiConfig.toolConfig(r.toolChoice(), r.tools()));
    String url = resourceUrl + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    return ProviderHttpRequest.postJson(url, Map.of("accept", stream ? EVENT_STREAM : JSON),
        GeminiJson.write(body));
  }

  /**
   * Reads a {@code generateContent} answer.
   *
   * @throws GatewayException CONTENT_FILTERED when the prompt was blocked; UPSTREAM_ERROR when
   *     there are neither candidates nor a block reason
   */
  public ChatResponse fromResponse(JsonNode body) {
    JsonNode candidates = body.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      GatewayException blocked = VertexErrors.promptBlocked(body.get("promptFeedback"));
      throw blocked != null ? blocked
          : UpstreamErrors.malformed(new IllegalStateException("no candidates"));
    }
    String responseId = GeminiJson.string(body, "responseId");
    List<ChatResponse.Choice> choices = new ArrayList<>();
    for (JsonNode candidate : candidates) {
      choices.add(choice(candidate, responseId));
    }
    return new ChatResponse(choices, GeminiUsage.of(body.get("usageMetadata")), null);
  }

  private static ChatResponse.Choice choice(JsonNode candidate, String responseId) {
    int index = candidate.path("index").asInt(0);
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode part : candidate.path("content").path("parts")) {
      String t = part.path("text").textValue();
      if (t != null) {
        (part.path("thought").asBoolean(false) ? reasoning : text).append(t);
      } else if (part.has("functionCall")) {
        calls.add(toolCall(part, responseId, index, calls.size()));
      }
    }
    List<ContentPart> content = text.length() == 0 ? List.of()
        : List.of(ContentPart.text(text.toString()));
    return new ChatResponse.Choice(index, new Message(Role.ASSISTANT, content, calls, null, null),
        reasoning.length() == 0 ? null : reasoning.toString(), null,
        GeminiUsage.finish(GeminiJson.string(candidate, "finishReason"), !calls.isEmpty()), null);
  }

  /** A {@code functionCall} part as a tool call, its id from {@link GeminiToolIds}. */
  static ToolCall toolCall(JsonNode part, String responseId, int candidate, int position) {
    JsonNode fc = part.get("functionCall");
    String name = GeminiJson.string(fc, "name");
    if (name == null) {
      throw UpstreamErrors.malformed(new IllegalStateException("a functionCall without name"));
    }
    JsonNode args = fc.get("args");
    String arguments = args == null || args.isNull() ? "{}" : GeminiJson.text(args);
    return new ToolCall(GeminiToolIds.of(GeminiJson.string(fc, "id"),
        GeminiJson.string(part, "thoughtSignature"), responseId, candidate, position, name,
        arguments), name, arguments);
  }

  private static void setIfPresent(ObjectNode body, String field, JsonNode value) {
    if (value != null) {
      body.set(field, value);
    }
  }
}
