package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.Fields.optBool;
import static dev.gantry.adapters.openai.Fields.optDecimal;
import static dev.gantry.adapters.openai.Fields.optInt;
import static dev.gantry.adapters.openai.Fields.optLong;
import static dev.gantry.adapters.openai.Fields.present;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.spi.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the sampling fields chat and text completions share. {@code stop} follows
 * OpenAI's rule: one string or an array of at most {@value #MAX_STOP} strings (TGI's default
 * {@code max_stop_sequences} is 4 too).
 */
final class Params {

  static final int MAX_STOP = 4;

  /** The top-level fields {@link GenerationParams} captures, chat flavour. */
  static final Set<String> CHAT_FIELDS = Set.of("temperature", "top_p", "max_tokens",
      "max_completion_tokens", "stop", "n", "seed", "presence_penalty", "frequency_penalty",
      "logprobs", "top_logprobs");

  /** The top-level fields {@link GenerationParams} captures, legacy completions flavour. */
  static final Set<String> COMPLETION_FIELDS = Set.of("temperature", "top_p", "max_tokens",
      "stop", "n", "seed", "presence_penalty", "frequency_penalty", "logprobs");

  private Params() {}

  /**
   * Chat: {@code max_completion_tokens} (or the older {@code max_tokens}) and a boolean
   * {@code logprobs} with {@code top_logprobs} 0..20.
   */
  static GenerationParams readChat(JsonNode body) {
    Integer maxTokens = optInt(body, "max_completion_tokens", "", 1, Integer.MAX_VALUE);
    Integer legacyMax = optInt(body, "max_tokens", "", 1, Integer.MAX_VALUE);
    Boolean logprobs = optBool(body, "logprobs", "");
    Integer top = optInt(body, "top_logprobs", "", 0, 20);
    if (top != null && !Boolean.TRUE.equals(logprobs)) {
      throw GatewayException.invalid("Invalid value for 'top_logprobs': 'logprobs' must be set to "
          + "true when 'top_logprobs' is used.", "top_logprobs");
    }
    return common(body, maxTokens != null ? maxTokens : legacyMax, logprobs, top);
  }

  /** Legacy completions: {@code max_tokens} from 0 and an integer {@code logprobs} 0..5. */
  static GenerationParams readCompletion(JsonNode body) {
    Integer maxTokens = optInt(body, "max_tokens", "", 0, Integer.MAX_VALUE);
    Integer logprobs = optInt(body, "logprobs", "", 0, 5);
    return common(body, maxTokens, logprobs == null ? null : Boolean.TRUE, logprobs);
  }

  private static GenerationParams common(JsonNode body, Integer maxTokens, Boolean logprobs,
      Integer topLogprobs) {
    return new GenerationParams(
        optDecimal(body, "temperature", "", 0, 2),
        optDecimal(body, "top_p", "", 0, 1),
        maxTokens,
        stop(body),
        optInt(body, "n", "", 1, 128),
        optLong(body, "seed", ""),
        optDecimal(body, "presence_penalty", "", -2, 2),
        optDecimal(body, "frequency_penalty", "", -2, 2),
        logprobs,
        topLogprobs);
  }

  private static List<String> stop(JsonNode body) {
    JsonNode v = present(body, "stop");
    if (v == null) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.textValue());
    }
    if (!v.isArray()) {
      throw Fields.type("stop", "a string or an array of strings", v);
    }
    if (v.size() > MAX_STOP) {
      throw GatewayException.invalid("Invalid 'stop': array too long. Expected an array with "
          + "maximum length " + MAX_STOP + ", but got an array with length " + v.size()
          + " instead.", "stop");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode s = v.get(i);
      if (!s.isTextual()) {
        throw Fields.type(Fields.index("stop", i), "a string", s);
      }
      out.add(s.textValue());
    }
    return out;
  }

  /** Writes the chat flavour; the length limit goes out as {@code max_tokens}. */
  static void writeChat(JsonGenerator g, GenerationParams p) throws IOException {
    common(g, p);
    Json.booleanField(g, "logprobs", p.logprobs());
    Json.numberField(g, "top_logprobs", p.topLogprobs());
  }

  /** Writes the legacy completions flavour ({@code logprobs} is the number of alternatives). */
  static void writeCompletion(JsonGenerator g, GenerationParams p) throws IOException {
    common(g, p);
    if (p.wantsLogprobs()) {
      g.writeNumberField("logprobs", p.topLogprobs() == null ? 0 : p.topLogprobs());
    }
  }

  private static void common(JsonGenerator g, GenerationParams p) throws IOException {
    Json.numberField(g, "temperature", p.temperature());
    Json.numberField(g, "top_p", p.topP());
    Json.numberField(g, "max_tokens", p.maxTokens());
    if (!p.stop().isEmpty()) {
      g.writeArrayFieldStart("stop");
      for (String s : p.stop()) {
        g.writeString(s);
      }
      g.writeEndArray();
    }
    Json.numberField(g, "n", p.n());
    Json.numberField(g, "seed", p.seed());
    Json.numberField(g, "presence_penalty", p.presencePenalty());
    Json.numberField(g, "frequency_penalty", p.frequencyPenalty());
  }
}
