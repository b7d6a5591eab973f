package dev.gantry.finetune.trainer.bedrock;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A base model family's hyperparameters on Bedrock (the user guide's "Custom model
 * hyperparameters", checked 2026-11): which of OpenAI's three it takes, and under which keys.
 * Claude 3 takes a learning-rate multiplier as OpenAI does; the others take an absolute
 * {@code learningRate}, to which OpenAI's multiplier is applied against the family's documented
 * default. A family whose default is not known here refuses a multiplier rather than guess.
 */
enum ModelFamily {
  /** Nova Micro, Lite, Pro: epochCount, learningRate (default 1e-5), no batch size. */
  NOVA(false, "1E-5"),
  /** Claude 3 Haiku: epochCount, batchSize, learningRateMultiplier. */
  CLAUDE(true, null),
  /** Titan Text Premier: epochCount, batchSize (1 only), learningRate (default 1e-6). */
  TITAN_TEXT_PREMIER(true, "1E-6"),
  /** Titan Text Lite and Express: epochCount, batchSize, learningRate (default 1e-5). */
  TITAN_TEXT(true, "1E-5"),
  /** Llama 3.1 and 3.2: epochCount, batchSize (1 only), learningRate (default 1e-4). */
  LLAMA(true, "1E-4"),
  /** Anything else (Cohere, newer families): epochCount and batchSize only. */
  OTHER(true, null);

  private final boolean batchSize;
  private final BigDecimal defaultLearningRate;

  ModelFamily(boolean batchSize, String defaultLearningRate) {
    this.batchSize = batchSize;
    this.defaultLearningRate = defaultLearningRate == null ? null
        : new BigDecimal(defaultLearningRate);
  }

  boolean takesBatchSize() {
    return batchSize;
  }

  /** The documented default {@code learningRate}, or null (Claude's multiplier, or unknown). */
  BigDecimal defaultLearningRate() {
    return defaultLearningRate;
  }

  static ModelFamily of(String baseModel) {
    String model = modelId(baseModel);
    if (model.startsWith("amazon.nova")) {
      return NOVA;
    }
    if (model.startsWith("anthropic.claude")) {
      return CLAUDE;
    }
    if (model.startsWith("amazon.titan-text-premier")) {
      return TITAN_TEXT_PREMIER;
    }
    if (model.startsWith("amazon.titan-text")) {
      return TITAN_TEXT;
    }
    if (model.startsWith("meta.llama")) {
      return LLAMA;
    }
    return OTHER;
  }

  /** The model id of a base model id or foundation-model ARN, lower case. */
  static String modelId(String baseModel) {
    String model = baseModel.trim().toLowerCase(Locale.ROOT);
    int slash = model.lastIndexOf("foundation-model/");
    return slash < 0 ? model : model.substring(slash + "foundation-model/".length());
  }
}
