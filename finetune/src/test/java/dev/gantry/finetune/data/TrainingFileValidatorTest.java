package dev.gantry.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingFileValidatorTest {

  private static final String VALID_LINE =
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
          + "{\"role\":\"assistant\",\"content\":\"hello\"}]}";

  @TempDir Path dir;

  @Test
  void validate_claudeFixtureInOpenAiFormat_passesWithCounts() throws Exception {
    // The fixture has 5 examples; Claude 3 Haiku wants 32, so only the count limit is relaxed.
    ValidationRules rules = ValidationRules.bedrockClaude().withExampleLimits(1, 10_000);

    ValidationReport report =
        TrainingFileValidator.of(rules)
            .validate(resource("claude3-haiku-json-mode.openai.jsonl"), 2);

    assertThat(report.errors()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.lines()).isEqualTo(5);
    assertThat(report.examples()).isEqualTo(5);
    assertThat(report.maxExampleTokens()).isPositive().isLessThan(report.totalTokens());
    assertThat(report.estimatedTrainingTokens()).isEqualTo(report.totalTokens() * 2);
  }

  @Test
  void validate_claudeFixtureUnderClaudeLimits_reportsOnlyTooFewExamples() throws Exception {
    ValidationReport report =
        TrainingFileValidator.of(ValidationRules.bedrockClaude())
            .validate(resource("claude3-haiku-json-mode.openai.jsonl"), 1);

    assertThat(report.valid()).isFalse();
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.line()).isEqualTo(ValidationError.FILE);
              assertThat(e.message())
                  .isEqualTo("the file has 5 example(s); bedrock-claude-3-haiku needs at least 32");
            });
  }

  @Test
  void validate_toolCallingExamples_passUnderOpenAiRules() throws Exception {
    ValidationReport report =
        TrainingFileValidator.of(ValidationRules.openai()).validate(resource("tools.jsonl"), 3);

    assertThat(report.errors()).isEmpty();
    assertThat(report.examples()).isEqualTo(10);
  }

  @Test
  void validate_errorsFile_reportsEachErrorOnItsLine() throws Exception {
    Map<Long, String> expected =
        Map.ofEntries(
            Map.entry(2L, "invalid JSON at column"),
            Map.entry(3L, "expected a JSON object, found an array"),
            Map.entry(4L, "\"messages\" must not be empty"),
            Map.entry(5L, "unknown key \"prompt\""),
            Map.entry(6L, "messages[0].role \"bot\" is not one of system, developer, user"),
            Map.entry(
                7L, "messages[0].content must be a string or an array of parts, found a number"),
            Map.entry(8L, "messages[1].tool_calls[0].function.arguments is not valid JSON"),
            Map.entry(
                9L,
                "messages[1].tool_call_id \"nope\" does not match any earlier assistant tool call"),
            Map.entry(10L, "no assistant message to learn from"),
            Map.entry(11L, "no assistant message to learn from"),
            Map.entry(12L, "messages[1].weight must be 0 or 1"),
            Map.entry(13L, "empty line"),
            Map.entry(14L, "Duplicate field 'messages'"),
            Map.entry(15L, "invalid JSON"),
            Map.entry(16L, "messages[0].content[0].type \"input_audio\" is not supported"),
            Map.entry(17L, "messages[0].content is missing"),
            Map.entry(18L, "messages[1].tool_calls[0].id must be a non-empty string"),
            Map.entry(19L, "messages[0] must be an object, found a string"));

    ValidationReport report =
        TrainingFileValidator.of(ValidationRules.openai()).validate(resource("errors.jsonl"), 1);

    assertThat(report.lines()).isEqualTo(20);
    assertThat(report.examples()).isEqualTo(19); // the blank line 13 is not an example
    Map<Long, List<String>> byLine =
        report.errors().stream()
            .collect(
                Collectors.groupingBy(
                    ValidationError::line,
                    Collectors.mapping(ValidationError::message, Collectors.toList())));
    assertThat(byLine.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (line, message) ->
            assertThat(byLine.get(line))
                .as("line %d", line)
                .anySatisfy(m -> assertThat(m).contains(message)));
    assertThat(byLine.get(5L)).contains("missing \"messages\"");
    assertThat(report.errors().get(0).toString()).startsWith("line 2: invalid JSON");
  }

  @Test
  void validate_finalNewline_isNotAnEmptyLine() throws Exception {
    ValidationReport report =
        validate(ValidationRules.openai().withExampleLimits(1, 10), VALID_LINE + "\n");

    assertThat(report.valid()).isTrue();
    assertThat(report.lines()).isEqualTo(1);
  }

  @Test
  void validate_noFinalNewlineAndCrLf_areAccepted() throws Exception {
    ValidationReport report =
        validate(
            ValidationRules.openai().withExampleLimits(1, 10), VALID_LINE + "\r\n" + VALID_LINE);

    assertThat(report.errors()).isEmpty();
    assertThat(report.examples()).isEqualTo(2);
  }

  @Test
  void validate_blankLinesInsideOrAtTheEnd_areErrors() throws Exception {
    ValidationReport report =
        validate(
            ValidationRules.openai().withExampleLimits(1, 10),
            VALID_LINE + "\n  \n" + VALID_LINE + "\n\n");

    assertThat(report.errors()).extracting(ValidationError::line).containsExactly(2L, 4L);
    assertThat(report.examples()).isEqualTo(2);
    assertThat(report.lines()).isEqualTo(4);
  }

  @Test
  void validate_emptyFile_reportsTooFewExamples() throws Exception {
    ValidationReport report = validate(ValidationRules.openai(), "");

    assertThat(report.lines()).isZero();
    assertThat(report.errors())
        .extracting(ValidationError::toString)
        .containsExactly("file: the file has 0 example(s); openai needs at least 10");
  }

  @Test
  void validate_tooManyExamples_reportsTheMaximum() throws Exception {
    ValidationReport report =
        validate(ValidationRules.openai().withExampleLimits(1, 2), (VALID_LINE + "\n").repeat(3));

    assertThat(report.errors())
        .extracting(ValidationError::message)
        .containsExactly("the file has 3 examples; openai accepts at most 2");
  }

  @Test
  void validate_moreThan100Errors_listsTheFirst100AndCountsAll() throws Exception {
    ValidationReport report =
        validate(ValidationRules.openai(), "{\"messages\": 1}\n".repeat(250) + VALID_LINE + "\n");

    assertThat(report.errors()).hasSize(ValidationReport.MAX_ERRORS);
    assertThat(report.errors().get(99).line()).isEqualTo(100);
    assertThat(report.errorCount()).isEqualTo(250);
    assertThat(report.errorsTruncated()).isTrue();
    assertThat(report.lines()).isEqualTo(251);
    assertThat(report.examples()).isEqualTo(251);
  }

  @Test
  void validate_lineOverTheByteLimit_isReportedAndSkipped() throws Exception {
    String longLine =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(500) + "\"}]}";
    TrainingFileValidator validator =
        new TrainingFileValidator(
            ValidationRules.openai().withExampleLimits(1, 10), TokenCounter.estimate(), 200);

    ValidationReport report =
        validator.validate(
            stream(VALID_LINE + "\n" + longLine + "\n" + VALID_LINE + "\n{bad\n"), 1);

    assertThat(report.errors())
        .extracting(ValidationError::toString)
        .containsExactly(
            "line 2: line is longer than the limit of 200 bytes",
            "line 4: invalid JSON at column 2: Unexpected character ('b' (code 98)): was expecting"
                + " double-quote to start field name");
    assertThat(report.examples()).isEqualTo(4);
  }

  @Test
  void validate_exampleOverTheTokenLimit_isReported() throws Exception {
    String big =
        "{\"messages\":[{\"role\":\"user\",\"content\":\""
            + "y".repeat(400)
            + "\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}";

    ValidationReport report =
        validate(
            ValidationRules.openai().withExampleLimits(1, 10).withMaxTokensPerExample(50),
            VALID_LINE + "\n" + big + "\n");

    assertThat(report.errors())
        .extracting(ValidationError::toString)
        .containsExactly(
            "line 2: example has 110 tokens, over the limit of 50 per example for openai");
    assertThat(report.maxExampleTokens()).isEqualTo(110);
  }

  @Test
  void validate_pluggableCounter_sumsTokensAndEstimatesCost() throws Exception {
    TrainingFileValidator validator =
        new TrainingFileValidator(ValidationRules.openai(), example -> 1_000);

    ValidationReport report = validator.validate(stream((VALID_LINE + "\n").repeat(20)), 3);

    assertThat(report.totalTokens()).isEqualTo(20_000);
    assertThat(report.maxExampleTokens()).isEqualTo(1_000);
    assertThat(report.epochs()).isEqualTo(3);
    assertThat(report.estimatedTrainingTokens()).isEqualTo(60_000);
    assertThat(report.estimatedCost(new BigDecimal("25.00")))
        .hasValueSatisfying(cost -> assertThat(cost).isEqualByComparingTo("1.5"));
    assertThat(report.estimatedCost(null)).isEmpty();
  }

  @Test
  void validate_zeroEpochs_isRejected() {
    assertThatThrownBy(
            () -> TrainingFileValidator.of(ValidationRules.openai()).validate(stream(""), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validate_fiftyThousandLineFile_countsEveryExample() throws Exception {
    Path file = dir.resolve("large.jsonl");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 50_000; i++) {
        out.write(GeneratedJsonl.line(i));
        out.write('\n');
      }
    }

    ValidationReport report = TrainingFileValidator.of(ValidationRules.openai()).validate(file, 2);

    assertThat(report.errors()).isEmpty();
    assertThat(report.examples()).isEqualTo(50_000);
    assertThat(report.totalTokens()).isEqualTo(50_000L * GeneratedJsonl.TOKENS_PER_LINE);
    assertThat(report.estimatedTrainingTokens())
        .isEqualTo(100_000L * GeneratedJsonl.TOKENS_PER_LINE);
  }

  @Test
  void validate_largeStream_neverReadsFarAheadOfTheLineItValidates() throws Exception {
    // 200k lines (~19 MB), generated as they are read: if the validator read the whole input
    // first, the counter would see the stream already exhausted at the first example.
    int lines = 200_000;
    GeneratedJsonl in = new GeneratedJsonl(lines);
    long[] worstLead = {0};
    long[] seen = {0};
    TokenCounter spy =
        example -> {
          long validatedBytes = ++seen[0] * GeneratedJsonl.LINE_BYTES;
          worstLead[0] = Math.max(worstLead[0], in.produced() - validatedBytes);
          return TokenCounter.estimate().count(example);
        };

    ValidationReport report =
        new TrainingFileValidator(ValidationRules.openai(), spy).validate(in, 1);

    assertThat(report.valid()).isTrue();
    assertThat(report.examples()).isEqualTo(lines);
    assertThat(in.produced()).isEqualTo((long) lines * GeneratedJsonl.LINE_BYTES);
    // At most one read buffer (64 KiB) ahead of the current line.
    assertThat(worstLead[0]).isLessThanOrEqualTo(64 * 1024);
  }

  private static ValidationReport validate(ValidationRules rules, String content)
      throws IOException {
    return TrainingFileValidator.of(rules).validate(stream(content), 1);
  }

  private static InputStream stream(String content) {
    return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(TrainingFileValidatorTest.class.getResource("/data/" + name).toURI());
  }
}
