package dev.gantry.store.admin;

import java.util.Objects;

/**
 * One version of the routing document: the {@code providers} and {@code models} sections, as
 * JSON in the configuration file's schema, that replace the file's when present.
 *
 * @param version 1, 2, ... in the order they were saved
 * @param document {@code {"providers": {...}, "models": [...]}}
 * @param author the admin key's name that saved it
 * @param createdAt epoch milliseconds
 * @param summary what changed, in words ({@code "models.chat: deployment weights 1,1 -> 3,1"})
 * @param rollbackOf the version this one restored, or null
 */
public record RoutingVersion(long version, String document, String author, long createdAt,
    String summary, Long rollbackOf) {

  public RoutingVersion {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(summary, "summary");
  }
}
