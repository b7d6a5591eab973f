package dev.gantry.adapters.model;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A function call made by the model.
 *
 * @param arguments the arguments as a JSON text, exactly as OpenAI carries them; providers that
 *     use objects (Bedrock, Gemini, Ollama) parse and serialize at their boundary
 */
public record ToolCall(String id, String name, String arguments) {

  private static final String ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? "{}" : arguments;
  }

  /**
   * A fresh id in OpenAI's style, {@code call_<24 random letters and digits>}, for providers whose
   * calls carry none (or none worth passing on).
   */
  public static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder("call_");
    for (int i = 0; i < 24; i++) {
      id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return id.toString();
  }
}
