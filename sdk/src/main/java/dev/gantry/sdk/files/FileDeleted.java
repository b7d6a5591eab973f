package dev.gantry.sdk.files;

/**
 * The answer of {@code DELETE /v1/files/{id}}.
 *
 * @param id the deleted file's id
 * @param object always {@code file}
 * @param deleted true
 */
public record FileDeleted(String id, String object, boolean deleted) {}
