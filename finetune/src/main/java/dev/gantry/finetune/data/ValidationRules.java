package dev.gantry.finetune.data;

import java.util.List;
import java.util.Objects;

/**
 * What one training backend accepts, checked by {@link TrainingFileValidator} on files in OpenAI
 * chat format (Gantry converts them to the backend's own format later). Immutable; start from a
 * factory and adjust the limits with {@link #withExampleLimits} or {@link #withMaxTokensPerExample}
 * when a deployment knows better (a newer base model, a raised quota).
 *
 * <p>Each factory cites where its numbers come from. Values marked "(unverified)" could not be
 * confirmed against the provider's current documentation when this was written; they are the
 * commonly cited defaults and should be checked before relying on them.
 *
 * @param name the backend's name, used in error messages ({@code bedrock-claude-3-haiku})
 * @param minExamples the fewest examples (non-empty lines) a file may hold
 * @param maxExamples the most examples a file may hold
 * @param maxTokensPerExample the most tokens (input and output together, as the {@link
 *     TokenCounter} counts them) one example may hold
 * @param toolsAllowed whether {@code tools}, assistant {@code tool_calls} and {@code tool} messages
 *     may appear
 * @param imagesAllowed whether user messages may carry {@code image_url} content parts
 * @param multiTurnAllowed whether an example may hold more than one user message and one assistant
 *     answer
 * @param strictAlternation whether, after at most one leading system message, messages must go
 *     user, assistant, user, ... and end with the assistant
 * @param reservedWords strings the backend refuses anywhere in system and user text (empty when
 *     none)
 */
public record ValidationRules(
    String name,
    int minExamples,
    long maxExamples,
    int maxTokensPerExample,
    boolean toolsAllowed,
    boolean imagesAllowed,
    boolean multiTurnAllowed,
    boolean strictAlternation,
    List<String> reservedWords) {

  /** Nova's reserved keywords, which fail a training job wherever they appear in a prompt. */
  private static final List<String> NOVA_RESERVED =
      List.of("User:", "Bot:", "Assistant:", "System:", "<image>", "<video>", "[EOS]");

  public ValidationRules {
    Objects.requireNonNull(name, "name");
    reservedWords = List.copyOf(Objects.requireNonNull(reservedWords, "reservedWords"));
    if (minExamples < 0) {
      throw new IllegalArgumentException("minExamples must not be negative: " + minExamples);
    }
    if (maxExamples < minExamples) {
      throw new IllegalArgumentException(
          "maxExamples (" + maxExamples + ") must not be below minExamples (" + minExamples + ")");
    }
    if (maxTokensPerExample <= 0) {
      throw new IllegalArgumentException(
          "maxTokensPerExample must be positive: " + maxTokensPerExample);
    }
  }

  /**
   * OpenAI-style supervised fine-tuning, also used for the self-hosted trainer: multi-turn, tools
   * and images allowed, no alternation rule.
   *
   * <ul>
   *   <li>min 10 examples: "The minimum number of examples you can provide for fine-tuning is 10"
   *       (the supervised fine-tuning guide, found at
   *       https://developers.openai.com/docs/guides/distillation).
   *   <li>no maximum count: OpenAI documents none (it limits the file's size instead); unbounded
   *       here.
   *   <li>65,536 tokens per example: the training context of gpt-4o-mini / gpt-4.1 class models
   *       (unverified; OpenAI's limit depends on the base model).
   * </ul>
   */
  public static ValidationRules openai() {
    return new ValidationRules(
        "openai", 10, Long.MAX_VALUE, 65_536, true, true, true, false, List.of());
  }

  /**
   * Amazon Nova on Bedrock ({@code bedrock-conversation-2024} records): multi-turn, images, no
   * tools.
   *
   * <ul>
   *   <li>multi-turn allowed, first turn from the user, last from the assistant: Nova "Preparing
   *       data for fine-tuning Understanding models"
   *       (https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html)
   *       and providers.md section 2. Strict alternation follows the Converse message format the
   *       records use (unverified for training data).
   *   <li>images allowed ("a sample can have multiple images", same page); tools not supported by
   *       Nova SFT ("Tool usage ... is not currently supported by Amazon Nova 2.0 SFT",
   *       https://docs.aws.amazon.com/bedrock/latest/userguide/nova-2-sft-data-prep.html).
   *   <li>reserved keywords {@code User: Bot: Assistant: System: <image> <video> [EOS]}: "If the
   *       user prompt or system prompt starts with any of these keywords or has these keywords
   *       anywhere in their prompts, your training job will fail due to data issues" (same Nova
   *       page).
   *   <li>8 to 20,000 examples (Nova Micro and Lite; Nova Pro allows 10,000) and 32,000 tokens per
   *       example (unverified: AWS lists these under "Sum of training and validation records"
   *       quotas, which we could not open).
   * </ul>
   */
  public static ValidationRules bedrockNova() {
    return new ValidationRules(
        "bedrock-nova", 8, 20_000, 32_000, false, true, true, true, NOVA_RESERVED);
  }

  /**
   * Claude 3 Haiku on Bedrock: strictly alternating user/assistant after an optional system prompt,
   * at least 2 messages, the last from the assistant, string content, no tools, no images.
   *
   * <ul>
   *   <li>structure: Anthropic cookbook "Finetuning Claude 3 Haiku on Bedrock" ("at least two
   *       messages", "first message must be from the user", "last message must be from the
   *       assistant", "user and assistant messages must alternate",
   *       https://platform.claude.com/cookbook/finetuning-finetuning-on-bedrock) and providers.md
   *       section 2.
   *   <li>content may be a string or text parts here (joined into the string Bedrock wants when
   *       the file is converted).
   *   <li>32 to 10,000 examples and 32,000 tokens per example (unverified: the Bedrock "Model
   *       requirements for training and validation datasets" table).
   * </ul>
   */
  public static ValidationRules bedrockClaude() {
    return new ValidationRules(
        "bedrock-claude-3-haiku", 32, 10_000, 32_000, false, false, true, true, List.of());
  }

  /**
   * Bedrock prompt-completion models (Titan Text, Llama 3.1, Cohere Command): exactly one user turn
   * and one assistant answer, optionally after a system message, converted to {@code
   * {"prompt","completion"}} records (providers.md section 2, "unverified per model" there too).
   *
   * <ul>
   *   <li>no documented minimum: 1 (unverified).
   *   <li>10,000 examples (unverified: Bedrock "Sum of training and validation records" quota for
   *       Titan Text G1 - Express).
   *   <li>4,096 tokens per example (unverified: the smallest of the family, Titan Text G1 -
   *       Express, is used so that a file valid here is valid for each of them).
   * </ul>
   */
  public static ValidationRules bedrockPromptCompletion() {
    return new ValidationRules(
        "bedrock-prompt-completion", 1, 10_000, 4_096, false, false, false, true, List.of());
  }

  /**
   * Gemini supervised tuning on Vertex AI: multi-turn, images, roles alternating after an optional
   * first system instruction.
   *
   * <ul>
   *   <li>min 16 examples: "A training dataset must include a minimum of 16 examples" (Vertex
   *       "About supervised tuning datasets",
   *       https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-supervised-tuning-about;
   *       the current page only recommends starting with 100).
   *   <li>max 1,000,000 examples ("Maximum training dataset size: 1M text-only examples or 300K
   *       multimodal examples") and 131,072 tokens per example ("Maximum input and output training
   *       tokens: 131,072"), both for Gemini 2.5 Flash
   *       (https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-tuning).
   *   <li>system only as the first message, user and model alternate: same "about" page; images:
   *       "You can tune text, image, audio, and document data types" (same page). Tools: the
   *       documented parts are text and fileData only, so tools are refused (unverified).
   * </ul>
   */
  public static ValidationRules vertexGemini() {
    return new ValidationRules(
        "vertex-gemini", 16, 1_000_000, 131_072, false, true, true, true, List.of());
  }

  /** These rules with other example-count limits. */
  public ValidationRules withExampleLimits(int min, long max) {
    return new ValidationRules(
        name,
        min,
        max,
        maxTokensPerExample,
        toolsAllowed,
        imagesAllowed,
        multiTurnAllowed,
        strictAlternation,
        reservedWords);
  }

  /** These rules with another per-example token limit. */
  public ValidationRules withMaxTokensPerExample(int max) {
    return new ValidationRules(
        name,
        minExamples,
        maxExamples,
        max,
        toolsAllowed,
        imagesAllowed,
        multiTurnAllowed,
        strictAlternation,
        reservedWords);
  }
}
