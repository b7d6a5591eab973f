package dev.gantry.sdk.finetuning;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a job (progress, status changes, metrics).
 *
 * @param id the event's id ({@code ftevent-...}), the cursor of event pages
 * @param object always {@code fine_tuning.job.event}
 * @param createdAt epoch seconds
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message the text
 * @param type {@code message} or {@code metrics}
 * @param data extra data (metrics), possibly empty
 */
public record JobEvent(String id, String object, long createdAt, String level, String message,
    String type, JsonNode data) {}
