package dev.gantry.finetune.trainer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a trainer needs to start a job.
 *
 * @param jobId Gantry's job id ({@code ftjob-...}): names the job at the backend and is its
 *     idempotency token
 * @param baseModel the backend's base model id (the alias's {@code fine_tuning.base_model})
 * @param suffix the client's suffix, or null
 * @param seed or null
 * @param hyperparameters as asked (nulls: the backend's defaults)
 * @param trainingFile the training data on local disk, in OpenAI's chat JSONL format, already
 *     validated; the trainer converts it to its own format
 * @param validationFile the same for validation data, or null
 */
public record TrainingSpec(String jobId, String baseModel, String suffix, Long seed,
    Hyperparameters hyperparameters, Path trainingFile, Path validationFile) {

  public TrainingSpec {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(baseModel, "baseModel");
    Objects.requireNonNull(trainingFile, "trainingFile");
    hyperparameters = hyperparameters == null ? Hyperparameters.AUTO : hyperparameters;
  }

  /**
   * Supervised hyperparameters; null means "auto" (the backend's default).
   *
   * @param epochs {@code n_epochs}
   * @param batchSize {@code batch_size}
   * @param learningRateMultiplier {@code learning_rate_multiplier}
   */
  public record Hyperparameters(Integer epochs, Integer batchSize, Double learningRateMultiplier) {
    public static final Hyperparameters AUTO = new Hyperparameters(null, null, null);
  }
}
