/**
 * Fine-tuning on a team's own GPUs:
 * {@link dev.gantry.finetune.trainer.selfhosted.SelfHostedTrainer} drives a trainer service through the small HTTP contract documented in {@code finetune/README.md}
 * and serves the LoRA adapter it produces by loading it into a vLLM provider.
 */
package dev.gantry.finetune.trainer.selfhosted;
