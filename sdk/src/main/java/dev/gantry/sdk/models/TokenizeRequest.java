package dev.gantry.sdk.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.internal.Json;
import java.util.List;
import java.util.Objects;

/**
 * What to count: a chat request's {@code messages}, a completion {@code prompt} or an embedding
 * {@code input}, for one model. Build it with a factory.
 */
public final class TokenizeRequest {
  private final ObjectNode body;

  private TokenizeRequest(ObjectNode body) {
    this.body = body;
  }

  /** Counts a chat prompt as the model's chat template renders it. */
  public static TokenizeRequest messages(String model, List<ChatMessage> messages) {
    ObjectNode b = base(model);
    b.set("messages", Json.MAPPER.valueToTree(List.copyOf(messages)));
    return new TokenizeRequest(b);
  }

  /** Counts a plain prompt. */
  public static TokenizeRequest prompt(String model, String prompt) {
    return new TokenizeRequest(base(model).put("prompt", Objects.requireNonNull(prompt)));
  }

  /** Counts embedding inputs. */
  public static TokenizeRequest input(String model, List<String> input) {
    ObjectNode b = base(model);
    b.set("input", Json.MAPPER.valueToTree(List.copyOf(input)));
    return new TokenizeRequest(b);
  }

  private static ObjectNode base(String model) {
    return Json.MAPPER.createObjectNode().put("model", Objects.requireNonNull(model, "model"));
  }

  ObjectNode body() {
    return body.deepCopy();
  }

  @Override
  public String toString() {
    return "TokenizeRequest" + body;
  }
}
