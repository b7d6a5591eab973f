package dev.gantry.finetune.trainer.bedrock;

import java.util.Locale;

/** The JSONL record shapes Bedrock fine-tuning reads (providers.md §2). */
enum DataFormat {
  /** Amazon Nova: {@code bedrock-conversation-2024}, content as lists of text blocks. */
  NOVA("nova"),
  /** Anthropic Claude 3 Haiku: {@code {system, messages}} with string content. */
  CLAUDE("claude"),
  /** Titan Text, Llama, Cohere: {@code {prompt, completion}}. */
  PROMPT_COMPLETION("prompt_completion");

  private final String option;

  DataFormat(String option) {
    this.option = option;
  }

  String option() {
    return option;
  }

  /**
   * The configured {@code data_format}, else the base model's: {@code amazon.nova*} is Nova,
   * {@code anthropic.claude*} Claude, anything else prompt/completion.
   *
   * @throws IllegalArgumentException for an unknown option
   */
  static DataFormat of(String option, String baseModel) {
    if (option != null) {
      for (DataFormat format : values()) {
        if (format.option.equals(option.trim().toLowerCase(Locale.ROOT))) {
          return format;
        }
      }
      throw new IllegalArgumentException("data_format must be nova, claude or prompt_completion,"
          + " got `" + option + "`");
    }
    String model = ModelFamily.modelId(baseModel);
    if (model.startsWith("amazon.nova")) {
      return NOVA;
    }
    if (model.startsWith("anthropic.claude")) {
      return CLAUDE;
    }
    return PROMPT_COMPLETION;
  }
}
