package dev.gantry.finetune.data;

import java.util.Objects;

/**
 * One problem in a training file.
 *
 * @param line the 1-based line number, or {@link #FILE} (0) for a problem of the whole file (too
 *     few or too many examples)
 * @param message what is wrong, naming the message index ({@code messages[2]}) where relevant; it
 *     does not repeat the line number, which {@link #toString()} adds
 */
public record ValidationError(long line, String message) {

  /** The line number of errors about the file as a whole. */
  public static final long FILE = 0;

  public ValidationError {
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative: " + line);
    }
    Objects.requireNonNull(message, "message");
  }

  /** {@code "line 12: messages[1].role \"bot\" is not ..."}, or {@code "file: ..."}. */
  @Override
  public String toString() {
    return (line == FILE ? "file" : "line " + line) + ": " + message;
  }
}
