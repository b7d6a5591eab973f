package dev.gantry.adapters.huggingface.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI sampling controls to TGI's {@code parameters} ({@code GenerateParameters} in TGI's
 * {@code docs/openapi.json}), mapped as TGI's own Messages API maps them onto a generate request:
 * sampling unless {@code temperature} is 0 (TGI takes only a strictly positive temperature and a
 * {@code top_p} strictly inside (0, 1)). Of the request's extensions, TGI's own knobs are passed
 * on: {@code top_k}, {@code repetition_penalty}, {@code typical_p}, {@code truncate},
 * {@code watermark} and {@code adapter_id}; the others are ignored.
 */
final class TgiParameters {

  /** TGI's default {@code --max-stop-sequences}: more stops are refused with a 422. */
  static final int MAX_STOP_SEQUENCES = 4;

  private TgiParameters() {}

  static ObjectNode parameters(ChatRequest r, List<String> stop) {
    GenerationParams p = r.params();
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (p.maxTokens() != null) {
      out.put("max_new_tokens", p.maxTokens());
    }
    boolean sample = p.temperature() == null || p.temperature() > 0;
    out.put("do_sample", sample);
    if (sample && p.temperature() != null) {
      out.put("temperature", p.temperature());
    }
    if (sample && p.topP() != null && p.topP() > 0 && p.topP() < 1) {
      out.put("top_p", p.topP());
    }
    if (p.frequencyPenalty() != null && p.frequencyPenalty() != 0) {
      out.put("frequency_penalty", p.frequencyPenalty());
    }
    if (p.seed() != null) {
      out.put("seed", p.seed());
    }
    if (!stop.isEmpty()) {
      ArrayNode stops = out.putArray("stop");
      stop.forEach(stops::add);
    }
    extensions(r.extensions(), out);
    JsonNode grammar = grammar(r.responseFormat());
    if (grammar != null) {
      out.set("grammar", grammar);
    }
    out.put("details", true);
    out.put("decoder_input_details", false);
    out.put("return_full_text", false);
    return out;
  }

  /** The client's stops, then the template's end-of-turn tokens while TGI's limit leaves room. */
  static List<String> stops(List<String> client, List<String> template) {
    if (client.size() > MAX_STOP_SEQUENCES) {
      throw GatewayException.invalid("TGI takes at most " + MAX_STOP_SEQUENCES
          + " stop sequences.", "stop");
    }
    List<String> out = new ArrayList<>(client);
    for (String token : template) {
      if (out.size() < MAX_STOP_SEQUENCES && !out.contains(token)) {
        out.add(token);
      }
    }
    return out;
  }

  private static void extensions(ObjectNode ext, ObjectNode out) {
    copy(ext, "top_k", out, ext.path("top_k").isIntegralNumber() && ext.path("top_k").asInt() > 0,
        "a positive integer");
    copy(ext, "repetition_penalty", out, positive(ext.path("repetition_penalty")),
        "a positive number");
    copy(ext, "typical_p", out, ext.path("typical_p").isNumber()
        && ext.path("typical_p").asDouble() > 0 && ext.path("typical_p").asDouble() < 1,
        "a number between 0 and 1 (exclusive)");
    copy(ext, "truncate", out, ext.path("truncate").isIntegralNumber()
        && ext.path("truncate").asInt() > 0, "a positive integer");
    copy(ext, "watermark", out, ext.path("watermark").isBoolean(), "a boolean");
    copy(ext, "adapter_id", out, ext.path("adapter_id").isTextual(), "a string");
  }

  private static boolean positive(JsonNode value) {
    return value.isNumber() && value.asDouble() > 0;
  }

  private static void copy(ObjectNode from, String name, ObjectNode to, boolean valid,
      String expected) {
    JsonNode value = from.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!valid) {
      throw GatewayException.invalid("`" + name + "` must be " + expected + ".", name);
    }
    to.set(name, value);
  }

  /** JSON mode and structured outputs as TGI's JSON grammar, else null. */
  private static JsonNode grammar(ResponseFormat format) {
    if (format == null || format.type() == ResponseFormat.Type.TEXT) {
      return null;
    }
    ObjectNode grammar = Json.MAPPER.createObjectNode().put("type", "json");
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      grammar.putObject("value").put("type", "object");
    } else {
      grammar.set("value", format.schema());
    }
    return grammar;
  }
}
