/**
 * Fine-tuning jobs: one state machine for every backend ({@link dev.gantry.finetune.jobs.JobDriver}),
 * every transition written to the state store before anyone sees it.
 */
package dev.gantry.finetune.jobs;
