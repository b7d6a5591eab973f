package dev.gantry.sdk.finetuning;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fine-tuning job (OpenAI's job object).
 *
 * @param id the job's id ({@code ftjob-...})
 * @param object always {@code fine_tuning.job}
 * @param createdAt epoch seconds
 * @param finishedAt epoch seconds, null until the job ends
 * @param model the base model (the alias asked for)
 * @param fineTunedModel the model to call once it succeeded, else null
 * @param organizationId the owner
 * @param status {@code validating_files}, {@code queued}, {@code running}, {@code succeeded},
 *     {@code failed} or {@code cancelled}
 * @param hyperparameters the hyperparameters
 * @param trainingFile the training file's id
 * @param validationFile the validation file's id, or null
 * @param trainedTokens tokens trained on, or null
 * @param error why it failed, or null
 * @param seed the seed
 * @param estimatedFinish epoch seconds, or null
 * @param metadata the request's metadata, or null
 * @param userProvidedSuffix the request's suffix, or null
 * @param headers the answer's headers (empty for jobs inside a list)
 */
public record FineTuningJob(String id, String object, long createdAt, Long finishedAt,
    String model, String fineTunedModel, String organizationId, String status,
    Hyperparameters hyperparameters, String trainingFile, String validationFile,
    Long trainedTokens, JobError error, Long seed, Long estimatedFinish,
    Map<String, String> metadata, String userProvidedSuffix, @JsonIgnore GantryHeaders headers) {
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  /** Replaces missing headers with none. */
  public FineTuningJob {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** Whether the job has ended: succeeded, failed or cancelled. */
  @JsonIgnore
  public boolean isTerminal() {
    return TERMINAL.contains(status);
  }

  /** The fine-tuned model, once the job succeeded. */
  @JsonIgnore
  public Optional<String> fineTunedModelName() {
    return Optional.ofNullable(fineTunedModel);
  }

  FineTuningJob withHeaders(GantryHeaders headers) {
    return new FineTuningJob(id, object, createdAt, finishedAt, model, fineTunedModel,
        organizationId, status, hyperparameters, trainingFile, validationFile, trainedTokens,
        error, seed, estimatedFinish, metadata, userProvidedSuffix, headers);
  }
}
