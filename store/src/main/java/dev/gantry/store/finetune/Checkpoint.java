package dev.gantry.store.finetune;

/**
 * A job's checkpoint ({@code fine_tuning.job.checkpoint}); one per job and step.
 *
 * @param model the checkpoint's callable name ({@code fine_tuned_model_checkpoint})
 * @param metrics JSON object ({@code step, train_loss, valid_loss, ...})
 */
public record Checkpoint(String jobId, long step, long createdAt, String model, String metrics) {}
