package dev.gantry.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same examples under each backend's rules. */
class ValidationRulesTest {

  private static final String SYSTEM = "{\"role\":\"system\",\"content\":\"Be brief.\"}";
  private static final String DEVELOPER = "{\"role\":\"developer\",\"content\":\"Be brief.\"}";
  private static final String USER = "{\"role\":\"user\",\"content\":\"Hi?\"}";
  private static final String ASSISTANT = "{\"role\":\"assistant\",\"content\":\"Hello.\"}";
  private static final String IMAGE_USER =
      "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
          + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}";
  private static final String TOOL_EXAMPLE =
      "{\"tools\":[{\"type\":\"function\","
          + "\"function\":{\"name\":\"now\",\"parameters\":{\"type\":\"object\"}}}],"
          + "\"messages\":["
          + USER
          + ",{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
          + "\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]},"
          + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"12:00\"},"
          + ASSISTANT
          + "]}";

  private static final List<ValidationRules> ALL =
      List.of(
          ValidationRules.openai(),
          ValidationRules.bedrockNova(),
          ValidationRules.bedrockClaude(),
          ValidationRules.bedrockPromptCompletion(),
          ValidationRules.vertexGemini());

  @Test
  void singleTurnWithSystem_passesEverywhere() throws IOException {
    for (ValidationRules rules : ALL) {
      assertThat(errors(rules, messages(SYSTEM, USER, ASSISTANT))).as(rules.name()).isEmpty();
    }
  }

  @Test
  void developerRole_isTreatedLikeSystem() throws IOException {
    assertThat(errors(ValidationRules.bedrockClaude(), messages(DEVELOPER, USER, ASSISTANT)))
        .isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), messages(USER, DEVELOPER, ASSISTANT)))
        .containsExactly(
            "messages[1]: a developer message is only allowed as the first message for"
                + " bedrock-claude-3-haiku");
  }

  @Test
  void multiTurn_isRefusedOnlyByPromptCompletion() throws IOException {
    String twoTurns = messages(USER, ASSISTANT, USER, ASSISTANT);

    assertThat(errors(ValidationRules.openai(), twoTurns)).isEmpty();
    assertThat(errors(ValidationRules.bedrockNova(), twoTurns)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), twoTurns)).isEmpty();
    assertThat(errors(ValidationRules.vertexGemini(), twoTurns)).isEmpty();
    assertThat(errors(ValidationRules.bedrockPromptCompletion(), twoTurns))
        .containsExactly(
            "bedrock-prompt-completion takes one user message and one assistant answer (found 2"
                + " user and 2 assistant messages)");
  }

  @Test
  void consecutiveUserMessages_areRefusedWhereRolesMustAlternate() throws IOException {
    String twoUsers = messages(USER, USER, ASSISTANT);

    assertThat(errors(ValidationRules.openai(), twoUsers)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), twoUsers))
        .containsExactly(
            "messages[1]: user message follows another user message; bedrock-claude-3-haiku needs"
                + " user and assistant messages to alternate");
    assertThat(errors(ValidationRules.vertexGemini(), twoUsers)).hasSize(1);
    assertThat(errors(ValidationRules.bedrockNova(), twoUsers)).hasSize(1);
  }

  @Test
  void lastMessageFromTheUser_isRefusedWhereTheAssistantMustAnswerLast() throws IOException {
    String endsWithUser = messages(USER, ASSISTANT, USER);

    assertThat(errors(ValidationRules.openai(), endsWithUser)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), endsWithUser))
        .containsExactly("messages[2]: the last message must be from the assistant");
  }

  @Test
  void firstMessageFromTheAssistant_isRefusedWhereTheUserMustStart() throws IOException {
    String startsWithAssistant = messages(SYSTEM, ASSISTANT, USER, ASSISTANT);

    assertThat(errors(ValidationRules.openai(), startsWithAssistant)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), startsWithAssistant))
        .containsExactly("messages[1]: the first non-system message must be from the user");
  }

  @Test
  void assistantOnly_isTooShortForClaude() throws IOException {
    assertThat(errors(ValidationRules.bedrockClaude(), messages(SYSTEM, ASSISTANT)))
        .containsExactly(
            "bedrock-claude-3-haiku needs at least a user message and an assistant answer (found 1"
                + " non-system message(s))");
  }

  @Test
  void imageParts_areAllowedOnlyWhereImagesAre() throws IOException {
    String withImage = messages(IMAGE_USER, ASSISTANT);

    assertThat(errors(ValidationRules.openai(), withImage)).isEmpty();
    assertThat(errors(ValidationRules.bedrockNova(), withImage)).isEmpty();
    assertThat(errors(ValidationRules.vertexGemini(), withImage)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), withImage))
        .containsExactly(
            "messages[0].content[1]: image parts are not supported by bedrock-claude-3-haiku");
    assertThat(errors(ValidationRules.bedrockPromptCompletion(), withImage)).hasSize(1);
  }

  @Test
  void imageParts_areOnlyAllowedInUserMessages() throws IOException {
    String assistantImage =
        messages(
            USER,
            "{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]}");

    assertThat(errors(ValidationRules.openai(), assistantImage))
        .containsExactly("messages[1].content[0]: image parts are only allowed in user messages");
  }

  @Test
  void tools_areAllowedOnlyByOpenAi() throws IOException {
    assertThat(errors(ValidationRules.openai(), TOOL_EXAMPLE)).isEmpty();
    for (ValidationRules rules : ALL.subList(1, ALL.size())) {
      assertThat(errors(rules, TOOL_EXAMPLE))
          .as(rules.name())
          .contains(
              "\"tools\" are not supported by " + rules.name(),
              "messages[1].tool_calls are not supported by " + rules.name(),
              "messages[2]: tool messages are not supported by " + rules.name());
    }
  }

  @Test
  void novaReservedKeywords_areRefusedInPromptsOnlyByNova() throws IOException {
    String reserved =
        messages(
            "{\"role\":\"system\",\"content\":\"Reply after System: marks.\"}",
            "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"User: hi [EOS]\"}]}",
            "{\"role\":\"assistant\",\"content\":\"Assistant: answers may say it.\"}");

    assertThat(errors(ValidationRules.openai(), reserved)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), reserved)).isEmpty();
    assertThat(errors(ValidationRules.bedrockNova(), reserved))
        .containsExactly(
            "messages[0].content contains \"System:\", a keyword reserved by bedrock-nova",
            "messages[1].content[0].text contains \"User:\", a keyword reserved by bedrock-nova",
            "messages[1].content[0].text contains \"[EOS]\", a keyword reserved by bedrock-nova");
  }

  @Test
  void longExample_fitsOpenAiButNotPromptCompletion() throws IOException {
    // ~5,000 estimated tokens: under 65,536 (OpenAI) and 32,000 (Claude), over 4,096 (Titan).
    String longUser = "{\"role\":\"user\",\"content\":\"" + "word ".repeat(4_000) + "\"}";
    String example = messages(longUser, ASSISTANT);

    assertThat(errors(ValidationRules.openai(), example)).isEmpty();
    assertThat(errors(ValidationRules.bedrockClaude(), example)).isEmpty();
    assertThat(errors(ValidationRules.bedrockPromptCompletion(), example))
        .singleElement()
        .asString()
        .endsWith("over the limit of 4096 per example for bedrock-prompt-completion");
  }

  @Test
  void factories_carryTheDocumentedLimits() {
    assertThat(ValidationRules.openai().minExamples()).isEqualTo(10);
    assertThat(ValidationRules.bedrockClaude())
        .extracting(ValidationRules::minExamples, ValidationRules::maxExamples)
        .containsExactly(32, 10_000L);
    assertThat(ValidationRules.vertexGemini())
        .extracting(
            ValidationRules::minExamples,
            ValidationRules::maxExamples,
            ValidationRules::maxTokensPerExample)
        .containsExactly(16, 1_000_000L, 131_072);
    assertThat(ValidationRules.bedrockNova().imagesAllowed()).isTrue();
    assertThat(ValidationRules.bedrockNova().toolsAllowed()).isFalse();
    assertThat(ValidationRules.bedrockPromptCompletion().multiTurnAllowed()).isFalse();
  }

  @Test
  void constructor_maxBelowMin_failsFast() {
    assertThatThrownBy(() -> ValidationRules.openai().withExampleLimits(10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxExamples (5) must not be below minExamples (10)");
    assertThatThrownBy(() -> ValidationRules.openai().withMaxTokensPerExample(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The messages of the errors of a one-example file, the example-count limits aside. */
  private static List<String> errors(ValidationRules rules, String line) throws IOException {
    ValidationReport report =
        TrainingFileValidator.of(rules.withExampleLimits(0, Long.MAX_VALUE))
            .validate(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), 1);
    return report.errors().stream().map(ValidationError::message).toList();
  }

  private static String messages(String... messages) {
    return "{\"messages\":[" + String.join(",", messages) + "]}";
  }
}
