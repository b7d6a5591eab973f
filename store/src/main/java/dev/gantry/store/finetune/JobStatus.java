package dev.gantry.store.finetune;

import java.util.Locale;

/** A fine-tuning job's status, as OpenAI names it; the last three never change. */
public enum JobStatus {
  VALIDATING_FILES,
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** The OpenAI wire name, e.g. {@code validating_files}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The status of a wire name. */
  public static JobStatus fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
