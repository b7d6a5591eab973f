package dev.gantry.store.admin;

import java.util.Objects;

/**
 * One admin action.
 *
 * @param seq the store's increasing number
 * @param at epoch milliseconds
 * @param actor the admin key's name
 * @param action e.g. {@code models.update}, {@code keys.create}, {@code cache.purge}
 * @param target what it acted on (an alias, a key id), or null
 * @param before JSON of the state before (secrets masked), or null
 * @param after JSON of the state after (secrets masked), or null
 * @param requestId the admin request's id
 */
public record AuditEntry(long seq, long at, String actor, String action, String target,
    String before, String after, String requestId) {

  public AuditEntry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
  }
}
