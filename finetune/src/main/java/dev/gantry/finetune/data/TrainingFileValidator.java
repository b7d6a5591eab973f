package dev.gantry.finetune.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validates a fine-tuning training file (JSONL in OpenAI chat format) against one backend's {@link
 * ValidationRules}, line by line.
 *
 * <p><b>Blocking by design.</b> {@link #validate(Path, int)} reads the file with blocking I/O and
 * may take seconds on a 500 MB file: call it from a worker executor ({@code
 * vertx.executeBlocking(...)} or a named {@code WorkerExecutor}), never from an event loop.
 *
 * <p><b>Streaming.</b> The file is never held whole: it is read through a 64 KiB buffer, one line
 * at a time, and only the current line and its parsed tree are kept. A line longer than {@code
 * maxLineBytes} is reported as an error and skipped without being buffered, so memory stays bounded
 * by that limit whatever the file holds.
 *
 * <p><b>Lines</b> follow OpenAI: each line is one JSON object; a blank line is an error, except
 * that the file may end with a newline. Lines may end in {@code \n} or {@code \r\n}. Errors are
 * numbered by 1-based line; after {@link ValidationReport#MAX_ERRORS} errors no more are listed,
 * but every line is still read and counted.
 *
 * <p>Instances are immutable and may be shared between threads if the {@link TokenCounter} is.
 */
public final class TrainingFileValidator {

  /** The default longest line, in bytes: room for an example with a few inline images. */
  public static final int DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;

  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final ValidationRules rules;
  private final TokenCounter tokenCounter;
  private final int maxLineBytes;
  private final ObjectMapper mapper;
  private final ExampleChecker checker;

  /** A validator with the default line limit. */
  public TrainingFileValidator(ValidationRules rules, TokenCounter tokenCounter) {
    this(rules, tokenCounter, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * A validator.
   *
   * @param maxLineBytes the longest line accepted, in bytes; longer lines are errors
   */
  public TrainingFileValidator(ValidationRules rules, TokenCounter tokenCounter, int maxLineBytes) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.mapper =
        JsonMapper.builder(
                JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    this.checker = new ExampleChecker(rules, mapper);
  }

  /** A validator with the {@linkplain TokenCounter#estimate() estimating} token counter. */
  public static TrainingFileValidator of(ValidationRules rules) {
    return new TrainingFileValidator(rules, TokenCounter.estimate());
  }

  /** The rules this validator applies. */
  public ValidationRules rules() {
    return rules;
  }

  /**
   * Validates a file. Blocking.
   *
   * @param epochs the epochs to estimate training tokens for (at least 1)
   * @throws IOException when the file cannot be read (a bad file content is never an exception)
   */
  public ValidationReport validate(Path file, int epochs) throws IOException {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return validate(in, epochs);
    }
  }

  /**
   * Validates a stream, read to its end but not closed. Blocking.
   *
   * @param epochs the epochs to estimate training tokens for (at least 1)
   * @throws IOException when the stream fails
   */
  public ValidationReport validate(InputStream in, int epochs) throws IOException {
    Objects.requireNonNull(in, "in");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
    }
    Run run = new Run();
    LineBuffer line = new LineBuffer(maxLineBytes);
    byte[] buffer = new byte[READ_BUFFER_BYTES];
    long lineNumber = 0;
    int read;
    while ((read = in.read(buffer)) != -1) {
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (buffer[i] == '\n') {
          line.append(buffer, start, i - start);
          run.line(++lineNumber, line);
          line.clear();
          start = i + 1;
        }
      }
      line.append(buffer, start, read - start);
    }
    if (line.length() > 0) {
      run.line(++lineNumber, line);
    }
    return run.report(lineNumber, epochs);
  }

  /** The state of one validation: counts, tokens and the errors kept. */
  private final class Run {
    private final List<ValidationError> errors = new ArrayList<>();
    private long errorCount;
    private long examples;
    private long totalTokens;
    private long maxExampleTokens;

    void line(long number, LineBuffer line) {
      if (line.overflowed()) {
        examples++;
        error(number, "line is longer than the limit of " + maxLineBytes + " bytes");
        return;
      }
      int length = line.contentLength();
      if (line.isBlank(length)) {
        error(number, "empty line (only a final newline may end the file; remove blank lines)");
        return;
      }
      examples++;
      JsonNode example;
      try {
        example = mapper.readTree(line.bytes(), 0, length);
      } catch (JsonProcessingException e) {
        error(number, "invalid JSON" + column(e.getLocation()) + ": " + firstLine(e));
        return;
      } catch (IOException e) {
        error(number, "unreadable line: " + e.getMessage());
        return;
      }
      for (String problem : checker.check(example)) {
        error(number, problem);
      }
      if (example.isObject()) {
        count(number, example);
      }
    }

    private void count(long number, JsonNode example) {
      int tokens = tokenCounter.count(example);
      totalTokens += tokens;
      maxExampleTokens = Math.max(maxExampleTokens, tokens);
      if (tokens > rules.maxTokensPerExample()) {
        error(
            number,
            "example has "
                + tokens
                + " tokens, over the limit of "
                + rules.maxTokensPerExample()
                + " per example for "
                + rules.name());
      }
    }

    private void error(long line, String message) {
      errorCount++;
      if (errors.size() < ValidationReport.MAX_ERRORS) {
        errors.add(new ValidationError(line, message));
      }
    }

    ValidationReport report(long lines, int epochs) {
      if (examples < rules.minExamples()) {
        error(
            ValidationError.FILE,
            "the file has "
                + examples
                + " example(s); "
                + rules.name()
                + " needs at least "
                + rules.minExamples());
      }
      if (examples > rules.maxExamples()) {
        error(
            ValidationError.FILE,
            "the file has "
                + examples
                + " examples; "
                + rules.name()
                + " accepts at most "
                + rules.maxExamples());
      }
      long trainingTokens = saturatedMultiply(totalTokens, epochs);
      return new ValidationReport(
          errorCount == 0,
          lines,
          examples,
          errors,
          errorCount,
          totalTokens,
          maxExampleTokens,
          epochs,
          trainingTokens);
    }
  }

  private static long saturatedMultiply(long a, int b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  private static String column(JsonLocation location) {
    return location == null || location.getColumnNr() < 1
        ? ""
        : " at column " + location.getColumnNr();
  }

  private static String firstLine(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * The bytes of the current line, grown as needed up to the limit; past it, the line is only
   * marked as overflowed and its further bytes are dropped.
   */
  private static final class LineBuffer {
    private final int limit;
    private byte[] bytes = new byte[8 * 1024];
    private int length;
    private boolean overflowed;
    private boolean seen;

    LineBuffer(int limit) {
      this.limit = limit;
    }

    void append(byte[] source, int from, int count) {
      if (count > 0) {
        seen = true;
      }
      if (overflowed || count == 0) {
        return;
      }
      if ((long) length + count > limit) {
        overflowed = true;
        return;
      }
      if (length + count > bytes.length) {
        int capacity = (int) Math.min(limit, Math.max((long) bytes.length * 2, length + count));
        bytes = java.util.Arrays.copyOf(bytes, capacity);
      }
      System.arraycopy(source, from, bytes, length, count);
      length += count;
    }

    /** Bytes seen since the last newline (at least one means there is a last, unended line). */
    int length() {
      return seen ? Math.max(1, length) : 0;
    }

    boolean overflowed() {
      return overflowed;
    }

    byte[] bytes() {
      return bytes;
    }

    /** The line's length without a trailing carriage return. */
    int contentLength() {
      return length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
    }

    boolean isBlank(int upTo) {
      for (int i = 0; i < upTo; i++) {
        byte b = bytes[i];
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }

    void clear() {
      length = 0;
      overflowed = false;
      seen = false;
    }
  }
}
