/**
 * Validation of fine-tuning training files before a job starts: {@link
 * dev.gantry.finetune.data.TrainingFileValidator} reads an OpenAI chat-format JSONL file line by
 * line against one backend's {@link dev.gantry.finetune.data.ValidationRules} and returns a {@link
 * dev.gantry.finetune.data.ValidationReport} of line-numbered errors, example and token counts.
 * Token counts come from a pluggable {@link dev.gantry.finetune.data.TokenCounter}.
 *
 * <p>Validation is blocking file I/O: callers run it on a worker executor, never on an event loop.
 */
package dev.gantry.finetune.data;
