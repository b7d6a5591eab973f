package dev.gantry.adapters.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A chat completion request.
 *
 * @param model the model alias the client asked for (adapters receive the upstream name apart)
 * @param toolChoice null when the client did not say (providers then use their default, auto)
 * @param responseFormat null when the client did not say (plain text)
 * @param includeUsage {@code stream_options.include_usage}: send a final usage chunk
 * @param user the end-user id the client passed, or null
 * @param extensions request fields Gantry does not model, passed through to OpenAI-compatible
 *     backends as they came (never null; may be empty)
 */
public record ChatRequest(String model, List<Message> messages, GenerationParams params,
    List<ToolDefinition> tools, ToolChoice toolChoice, ResponseFormat responseFormat,
    boolean stream, boolean includeUsage, String user, ObjectNode extensions) {

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    params = params == null ? GenerationParams.DEFAULTS : params;
    tools = tools == null ? List.of() : List.copyOf(tools);
    extensions = extensions == null ? JsonNodeFactory.instance.objectNode() : extensions;
  }

  /** A minimal request, mostly for tests and the SDK. */
  public static ChatRequest of(String model, List<Message> messages) {
    return new ChatRequest(model, messages, GenerationParams.DEFAULTS, List.of(), null, null, false,
        false, null, null);
  }

  public ChatRequest withStream(boolean value, boolean usage) {
    return new ChatRequest(model, messages, params, tools, toolChoice, responseFormat, value, usage,
        user, extensions);
  }

  public ChatRequest withParams(GenerationParams value) {
    return new ChatRequest(model, messages, value, tools, toolChoice, responseFormat, stream,
        includeUsage, user, extensions);
  }

  /** True when any message carries an image part. */
  public boolean hasImages() {
    for (Message m : messages) {
      if (m.hasImages()) {
        return true;
      }
    }
    return false;
  }
}
