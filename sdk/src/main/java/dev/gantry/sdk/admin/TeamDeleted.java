package dev.gantry.sdk.admin;

/**
 * The answer of {@code DELETE /admin/v1/teams/{name}}.
 *
 * @param name the deleted team
 * @param deleted true
 */
public record TeamDeleted(String name, boolean deleted) {}
