package dev.gantry.finetune.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TrainingFileValidator} found in one training file.
 *
 * @param valid whether the file has no error at all ({@code errorCount == 0})
 * @param lines the lines read, blank ones included (a final newline does not start a line)
 * @param examples the examples: non-blank lines, whether or not they are valid
 * @param errors the first {@link #MAX_ERRORS} errors, in line order (file-level errors last)
 * @param errorCount every error found, including those past {@link #MAX_ERRORS}
 * @param totalTokens the tokens of every example that parsed as a JSON object
 * @param maxExampleTokens the tokens of the largest such example
 * @param epochs the epochs the estimate is for (at least 1)
 * @param estimatedTrainingTokens {@code totalTokens × epochs}: what training bills, roughly
 */
public record ValidationReport(
    boolean valid,
    long lines,
    long examples,
    List<ValidationError> errors,
    long errorCount,
    long totalTokens,
    long maxExampleTokens,
    int epochs,
    long estimatedTrainingTokens) {

  /** The most errors a report lists; counting goes on past it. */
  public static final int MAX_ERRORS = 100;

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public ValidationReport {
    errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
    if (errors.size() > MAX_ERRORS) {
      throw new IllegalArgumentException("at most " + MAX_ERRORS + " errors are kept");
    }
    if (errorCount < errors.size()) {
      throw new IllegalArgumentException("errorCount is below the errors listed");
    }
    if (valid != (errorCount == 0)) {
      throw new IllegalArgumentException("valid must be true exactly when there is no error");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
    }
  }

  /** Whether errors were found beyond the {@link #MAX_ERRORS} listed. */
  public boolean errorsTruncated() {
    return errorCount > errors.size();
  }

  /**
   * The training cost estimate: {@link #estimatedTrainingTokens()} at the given price per million
   * training tokens, rounded to 6 decimals; empty when no price is known.
   *
   * @param pricePerMillionTrainingTokens the price, in whatever currency it is in; may be {@code
   *     null} for "unknown"
   */
  public Optional<BigDecimal> estimatedCost(BigDecimal pricePerMillionTrainingTokens) {
    if (pricePerMillionTrainingTokens == null) {
      return Optional.empty();
    }
    return Optional.of(
        BigDecimal.valueOf(estimatedTrainingTokens)
            .multiply(pricePerMillionTrainingTokens)
            .divide(MILLION, 6, RoundingMode.HALF_UP));
  }
}
