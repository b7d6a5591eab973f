package dev.gantry.store.finetune;

import java.util.Objects;

/**
 * A fine-tuning job as stored: what was asked, where it runs, and how far it got.
 *
 * @param id {@code ftjob-<random>}
 * @param team the owning team (as {@link FileRecord#team()})
 * @param idempotencyKey the create request's {@code Idempotency-Key}, or null
 * @param model the alias the job tunes (the OpenAI {@code model})
 * @param request the create request's canonical JSON (training_file, validation_file, suffix,
 *     seed, method, hyperparameters, metadata), as the OpenAI job object echoes it
 * @param status where the job is
 * @param providerJobId the backend's handle (Bedrock job ARN, Vertex tuning job name, trainer
 *     job id) once submitted, else null
 * @param fineTunedModel the name the tuned model is called by, only once succeeded
 * @param trainedTokens known on success, else null
 * @param error JSON {@code {code, message, param}} only once failed, else null
 * @param createdAt epoch seconds
 * @param finishedAt epoch seconds at any terminal status, else null
 * @param estimatedFinish epoch seconds, or null
 * @param version incremented by every update (optimistic concurrency)
 */
public record JobRecord(String id, String team, String idempotencyKey, String model,
    String request, JobStatus status, String providerJobId, String fineTunedModel,
    Long trainedTokens, String error, long createdAt, Long finishedAt, Long estimatedFinish,
    long version) {

  public JobRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(status, "status");
  }
}
