package dev.gantry.finetune.trainer;

import dev.gantry.store.finetune.JobStatus;
import java.util.List;
import java.util.Objects;

/**
 * A job's state at its backend, mapped to OpenAI's statuses.
 *
 * @param status never {@code VALIDATING_FILES} unless the backend itself is validating
 * @param detail the backend's own status words (e.g. {@code InProgress/training},
 *     {@code JOB_STATE_RUNNING}), for events
 * @param error on FAILED: the backend's message (no secrets), else null
 * @param trainedTokens when known, else null
 * @param metrics training metrics the backend reported so far, oldest first (each becomes a
 *     {@code metrics} event once, and the checkpoints)
 * @param resultModel on SUCCEEDED: the backend's name of the tuned artefact (custom model ARN,
 *     tuned model resource, adapter path), else null
 */
public record TrainerStatus(JobStatus status, String detail, String error, Long trainedTokens,
    List<Metric> metrics, String resultModel) {

  public TrainerStatus {
    Objects.requireNonNull(status, "status");
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
  }

  /**
   * One step's metrics.
   *
   * @param trainLoss or null
   * @param validLoss or null
   * @param checkpoint the callable checkpoint's name at this step, or null
   */
  public record Metric(long step, Double trainLoss, Double validLoss, String checkpoint) {}
}
