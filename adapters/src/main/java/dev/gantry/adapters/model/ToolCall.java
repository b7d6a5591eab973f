package dev.gantry.adapters.model;

import java.util.Objects;

/**
 * A function call made by the model.
 *
 * @param arguments the arguments as a JSON text, exactly as OpenAI carries them; providers that
 *     use objects (Bedrock, Gemini, Ollama) parse and serialize at their boundary
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? "{}" : arguments;
  }
}
