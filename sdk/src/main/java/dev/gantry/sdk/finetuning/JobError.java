package dev.gantry.sdk.finetuning;

/**
 * Why a job failed.
 *
 * @param code a machine-readable code
 * @param message what happened
 * @param param the offending request field, or null
 */
public record JobError(String code, String message, String param) {}
