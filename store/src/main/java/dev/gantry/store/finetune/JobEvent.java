package dev.gantry.store.finetune;

/**
 * One event of a job ({@code fine_tuning.job.event}).
 *
 * @param seq the store's increasing number, unique across jobs (the event id is
 *     {@code ftevent-<seq>})
 * @param createdAt epoch seconds
 * @param level {@code info}, {@code warn} or {@code error}
 * @param type {@code message} or {@code metrics}
 * @param data JSON object or null
 */
public record JobEvent(long seq, String jobId, long createdAt, String level, String message,
    String type, String data) {}
