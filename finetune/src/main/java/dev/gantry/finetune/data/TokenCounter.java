package dev.gantry.finetune.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Counts the tokens of one training example (one parsed JSONL line, the whole object with its
 * {@code messages} and {@code tools}). Called once per example from the validating thread, so an
 * implementation may block (a real tokenizer) but must be thread-safe if shared.
 */
@FunctionalInterface
public interface TokenCounter {

  /** The example's tokens, input and output together; never negative. */
  int count(JsonNode example);

  /**
   * A tokenizer-free estimate: about 4 characters a token over every string in the example, plus
   * {@value CharEstimate#TOKENS_PER_MESSAGE} tokens of framing per message and a flat {@value
   * CharEstimate#TOKENS_PER_IMAGE} tokens per image part (the image's URL or base64 data is not
   * counted as text). Good enough to catch an example far over a limit and to estimate cost; use a
   * real tokenizer for limits that matter to the token.
   */
  static TokenCounter estimate() {
    return CharEstimate.INSTANCE;
  }
}

/** The ~4 characters a token estimate behind {@link TokenCounter#estimate()}. */
final class CharEstimate implements TokenCounter {

  static final CharEstimate INSTANCE = new CharEstimate();

  static final int CHARS_PER_TOKEN = 4;
  static final int TOKENS_PER_MESSAGE = 3;
  static final int TOKENS_PER_IMAGE = 85;

  private CharEstimate() {}

  @Override
  public int count(JsonNode example) {
    Tally tally = new Tally();
    walk(example, tally);
    JsonNode messages = example.path("messages");
    long framing = messages.isArray() ? (long) messages.size() * TOKENS_PER_MESSAGE : 0;
    long tokens =
        (tally.chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN
            + framing
            + tally.images * TOKENS_PER_IMAGE;
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  private static void walk(JsonNode node, Tally tally) {
    if (node.isTextual()) {
      tally.chars += node.textValue().length();
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        walk(item, tally);
      }
    } else if (node.isObject()) {
      if ("image_url".equals(node.path("type").asText(null))) {
        tally.images++;
        return;
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        walk(field.getValue(), tally);
      }
    } else if (node.isValueNode() && !node.isNull()) {
      tally.chars += node.asText().length();
    }
  }

  private static final class Tally {
    long chars;
    long images;
  }
}
