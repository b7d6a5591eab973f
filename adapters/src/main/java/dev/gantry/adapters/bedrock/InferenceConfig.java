package dev.gantry.adapters.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.spi.GatewayException;

/**
 * OpenAI sampling parameters → Converse {@code inferenceConfig} (providers.md §1.2):
 * {@code max_tokens}/{@code max_completion_tokens} → {@code maxTokens}, {@code temperature},
 * {@code top_p} → {@code topP}, {@code stop} → {@code stopSequences} (empty strings left out). Only what the client set is
 * sent, so models keep their defaults.
 *
 * <p>Not expressible, so refused: {@code n > 1} and {@code logprobs} (UNSUPPORTED), non-zero
 * {@code presence_penalty}/{@code frequency_penalty} (UNSUPPORTED; zero is a no-op and passes), and
 * {@code temperature} above 1 (INVALID_REQUEST: Bedrock's range is 0 to 1, not OpenAI's 0 to 2).
 * {@code seed} is dropped: OpenAI itself promises only best-effort determinism.
 */
final class InferenceConfig {

  private InferenceConfig() {}

  /** Fails when the parameters ask for what Converse cannot do. */
  static void checkExpressible(GenerationParams p) {
    if (p.choices() > 1) {
      throw GatewayException.unsupported("Bedrock Converse generates one choice per request; n "
          + "must be 1.", "n");
    }
    if (p.wantsLogprobs()) {
      throw GatewayException.unsupported("Bedrock Converse does not return logprobs.", "logprobs");
    }
    if (p.presencePenalty() != null && p.presencePenalty() != 0) {
      throw GatewayException.unsupported("Bedrock Converse has no presence penalty.",
          "presence_penalty");
    }
    if (p.frequencyPenalty() != null && p.frequencyPenalty() != 0) {
      throw GatewayException.unsupported("Bedrock Converse has no frequency penalty.",
          "frequency_penalty");
    }
    if (p.temperature() != null && p.temperature() > 1) {
      throw GatewayException.invalid("Invalid 'temperature': Bedrock accepts values from 0 to 1.",
          "temperature");
    }
  }

  /** The {@code inferenceConfig}, or null when the client set none of its fields. */
  static ObjectNode of(GenerationParams p) {
    ObjectNode config = ConverseJson.object();
    if (p.maxTokens() != null) {
      config.put("maxTokens", p.maxTokens());
    }
    if (p.temperature() != null) {
      config.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      config.put("topP", p.topP());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stops = ConverseJson.JSON.createArrayNode();
      for (String stop : p.stop()) {
        if (!stop.isEmpty()) {
          stops.add(stop);
        }
      }
      if (!stops.isEmpty()) {
        config.set("stopSequences", stops);
      }
    }
    return config.isEmpty() ? null : config;
  }
}
