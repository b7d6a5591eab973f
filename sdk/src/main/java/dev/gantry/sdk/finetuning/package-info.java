/**
 * Fine-tuning jobs ({@code /v1/fine_tuning/jobs}): create (idempotent with a key), get, cancel,
 * list, events and checkpoints with cursor pages, and {@code awaitCompletion} polling.
 */
package dev.gantry.sdk.finetuning;
