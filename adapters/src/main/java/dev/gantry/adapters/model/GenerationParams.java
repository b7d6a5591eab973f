package dev.gantry.adapters.model;

import java.util.List;

/**
 * Sampling and length controls shared by chat and text completions. Every field is null when the
 * client did not set it, so adapters send only what was asked for and providers keep their
 * defaults.
 *
 * @param maxTokens the one output-length limit ({@code max_tokens} or {@code max_completion_tokens})
 * @param n number of choices; null means 1
 * @param topLogprobs alternatives per token when {@code logprobs} is true
 */
public record GenerationParams(Double temperature, Double topP, Integer maxTokens, List<String> stop,
    Integer n, Long seed, Double presencePenalty, Double frequencyPenalty, Boolean logprobs,
    Integer topLogprobs) {

  public static final GenerationParams DEFAULTS =
      new GenerationParams(null, null, null, List.of(), null, null, null, null, null, null);

  public GenerationParams {
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** The number of choices asked for, 1 when not given. */
  public int choices() {
    return n == null ? 1 : n;
  }

  public boolean wantsLogprobs() {
    return Boolean.TRUE.equals(logprobs);
  }

  public GenerationParams withMaxTokens(Integer value) {
    return new GenerationParams(temperature, topP, value, stop, n, seed, presencePenalty,
        frequencyPenalty, logprobs, topLogprobs);
  }
}
