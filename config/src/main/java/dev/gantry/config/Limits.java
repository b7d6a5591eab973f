package dev.gantry.config;

/**
 * Rate limits of a key, a team, a model alias or a deployment (config {@code limits}); null
 * fields are unlimited. Token limits count input and output tokens as the model's tokenizer does.
 *
 * @param rpm requests per minute
 * @param tpm tokens (input and output) per minute
 * @param inputTpm input tokens per minute
 * @param outputTpm output tokens per minute
 * @param concurrent requests in flight at once
 * @param tokensPerDay tokens (input and output) per day
 */
public record Limits(Long rpm, Long tpm, Long inputTpm, Long outputTpm, Long concurrent,
    Long tokensPerDay) {

  public static final Limits NONE = new Limits(null, null, null, null, null, null);

  public boolean isEmpty() {
    return rpm == null && tpm == null && inputTpm == null && outputTpm == null
        && concurrent == null && tokensPerDay == null;
  }
}
