/**
 * What the fine-tuning broker persists: uploaded files' metadata, jobs with their state machine,
 * their events and checkpoints, and the leases that make exactly one gateway drive each job.
 */
package dev.gantry.store.finetune;
