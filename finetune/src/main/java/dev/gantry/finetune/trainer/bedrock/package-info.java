/**
 * The Bedrock fine-tuning backend (providers.md §2): {@link
 * dev.gantry.finetune.trainer.bedrock.BedrockTrainer} converts a job's OpenAI chat JSONL to the
 * base model's Bedrock format on a worker thread, uploads it with SigV4-signed S3 PUTs, runs a
 * model customization job on the Bedrock control plane and serves the result through an on-demand
 * custom model deployment or provisioned throughput.
 *
 * <p>The rest of the package is package-private: {@code TrainerOptions} (the target's options),
 * {@code ChatRecords} (one line's conversion, pure), {@code TrainingData} (a file's conversion),
 * {@code BedrockHyperparameters} (the model family's keys), {@code ResourceNames} (names Bedrock
 * accepts, derived from the job), {@code JobStatuses} (GetModelCustomizationJob to
 * {@link dev.gantry.finetune.trainer.TrainerStatus}), {@code S3Upload}, {@code ControlPlane} and
 * {@code TrainerErrors} (AWS errors to {@link dev.gantry.finetune.trainer.TrainerException}).
 */
package dev.gantry.finetune.trainer.bedrock;
