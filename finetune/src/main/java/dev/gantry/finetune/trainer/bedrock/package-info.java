/**
 * The Bedrock fine-tuning backend (providers.md §2): {@link
 * dev.gantry.finetune.trainer.bedrock.BedrockTrainer} converts a job's OpenAI chat JSONL to the
 * base model's Bedrock format on a worker thread, uploads it with SigV4-signed S3 PUTs, runs a
 * model customization job on the Bedrock control plane and serves the result through an on-demand
 * custom model deployment or provisioned throughput.
 *
 * <p>The rest of the package is package-private: {@code TrainerOptions} (the target's options),
 * {@code DataFormat} and {@code ModelFamily} (what a base model takes), {@code ChatRecords} (one
 * line's conversion, pure), {@code TrainingData} (a file's conversion, blocking),
 * {@code BedrockHyperparameters} (the family's keys), {@code ResourceNames} (names Bedrock
 * accepts, derived from the job), {@code JobStatuses} (GetModelCustomizationJob to
 * {@link dev.gantry.finetune.trainer.TrainerStatus}), {@code ControlPlaneWire} (request bodies),
 * {@code ControlPlane} (signed calls), {@code S3Upload} (signed, streamed PUTs) and
 * {@code TrainerErrors} (AWS errors to {@link dev.gantry.finetune.trainer.TrainerException}).
 */
package dev.gantry.finetune.trainer.bedrock;
