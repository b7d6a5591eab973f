/**
 * Fine-tuning on Vertex AI: {@link dev.gantry.finetune.trainer.vertex.VertexTrainer} converts
 * OpenAI chat data to Gemini's tuning format, uploads it to Cloud Storage, runs a supervised
 * tuning job and serves the tuned model through its endpoint with the Vertex adapter.
 */
package dev.gantry.finetune.trainer.vertex;
