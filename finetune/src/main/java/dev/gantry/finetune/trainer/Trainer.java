package dev.gantry.finetune.trainer;

import io.vertx.core.Future;

/**
 * One place jobs are trained. The job driver calls {@link #submit} once per job (with the job id
 * as the idempotency token, so a driver that died between the call and storing its answer and
 * calls again does not start a second run), then {@link #poll} every poll interval until the
 * status is terminal, {@link #cancel} when the client cancels, and on success {@link #serve} to
 * make the tuned model callable. Every method is non-blocking; a failure the backend reports
 * fails the future with a {@link TrainerException}.
 */
public interface Trainer {

  /**
   * Uploads the job's data (converted to the backend's format) and starts training.
   *
   * @return the backend's handle of the job (Bedrock job ARN, Vertex tuning job resource name,
   *     trainer job id), stored and passed to the other methods
   */
  Future<String> submit(TrainingSpec spec);

  /** Where the job is now. */
  Future<TrainerStatus> poll(String handle);

  /** Asks the backend to stop the job; succeeds when the backend accepted (or it had ended). */
  Future<Void> cancel(String handle);

  /**
   * Makes a succeeded job's model callable (a Bedrock custom model deployment, the Vertex tuned
   * endpoint, a LoRA adapter loaded into vLLM) and says how the router reaches it. May take long
   * (a Bedrock deployment becoming Active): the driver calls it again on its next round until it
   * returns a deployment, so it should be idempotent and return {@code null} while not ready.
   *
   * @param fineTunedModel the name clients will call the model by
   */
  Future<ServedModel> serve(String handle, TrainerStatus succeeded, String fineTunedModel);

  /** Closes clients. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
