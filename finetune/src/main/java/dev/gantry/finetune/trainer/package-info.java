/**
 * Trainer backends: where a validated job runs (Bedrock model customization, Vertex AI tuning
 * jobs, a self-hosted trainer), behind one {@link dev.gantry.finetune.trainer.Trainer} contract
 * the job driver calls.
 */
package dev.gantry.finetune.trainer;
