/**
 * The fine-tuning broker: OpenAI-style files and fine-tuning jobs, training-data validation, the
 * job state machine, trainer backends (Bedrock, Vertex AI, self-hosted) and their persistence.
 * Not built yet.
 */
package dev.gantry.finetune;
