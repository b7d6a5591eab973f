package dev.gantry.sdk.finetuning;

import java.util.Map;

/**
 * A checkpoint a job saved.
 *
 * @param id the checkpoint's id
 * @param object always {@code fine_tuning.job.checkpoint}
 * @param createdAt epoch seconds
 * @param fineTunedModelCheckpoint the model name to call this checkpoint with
 * @param fineTuningJobId its job
 * @param stepNumber the training step
 * @param metrics the metrics at that step
 */
public record Checkpoint(String id, String object, long createdAt,
    String fineTunedModelCheckpoint, String fineTuningJobId, long stepNumber,
    Map<String, Object> metrics) {
  /** Copies the metrics; missing ones are empty. */
  public Checkpoint {
    metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(metrics));
  }
}
