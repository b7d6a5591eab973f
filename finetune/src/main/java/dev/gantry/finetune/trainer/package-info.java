/**
 * Trainer backends: where a validated job runs (Bedrock model customization, Vertex AI tuning
 * jobs, a self-hosted trainer), behind one {@link dev.gantry.finetune.trainer.Trainer} contract
 * the job driver calls. {@link dev.gantry.finetune.trainer.TrainerHttp} is the HTTP client the
 * Vertex AI and self-hosted trainers share.
 */
package dev.gantry.finetune.trainer;
