package dev.gantry.sdk.admin;

import java.util.Objects;

/**
 * Which audit entries to read ({@code GET /admin/v1/audit}), newest first. Immutable: each
 * {@code with...} method returns a new query.
 *
 * <pre>{@code
 * AuditQuery.latest().withAction("keys.").withActor("ops").withLimit(50);
 * }</pre>
 */
public final class AuditQuery {
  private static final AuditQuery LATEST = new AuditQuery(null, 20, null, null);

  private final Long before;
  private final int limit;
  private final String action;
  private final String actor;

  private AuditQuery(Long before, int limit, String action, String actor) {
    this.before = before;
    this.limit = limit;
    this.action = action;
    this.actor = actor;
  }

  /** The newest entries of every action and actor, 20 a page. */
  public static AuditQuery latest() {
    return LATEST;
  }

  /** Only entries older than the one numbered {@code seq} (where an earlier page ended). */
  public AuditQuery withBefore(long seq) {
    return new AuditQuery(seq, limit, action, actor);
  }

  /** Entries per page, 1 to 100. */
  public AuditQuery withLimit(int limit) {
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be 1 to 100: " + limit);
    }
    return new AuditQuery(before, limit, action, actor);
  }

  /**
   * Only actions starting with {@code prefix}: {@code keys.create}, {@code keys.} (every key
   * change), {@code models.}, {@code routing.rollback}, {@code cache.purge}...
   */
  public AuditQuery withAction(String prefix) {
    return new AuditQuery(before, limit, Objects.requireNonNull(prefix, "prefix"), actor);
  }

  /** Only the changes of this admin key (by name). */
  public AuditQuery withActor(String actor) {
    return new AuditQuery(before, limit, action, Objects.requireNonNull(actor, "actor"));
  }

  Long before() {
    return before;
  }

  int limit() {
    return limit;
  }

  String action() {
    return action;
  }

  String actor() {
    return actor;
  }

  @Override
  public String toString() {
    return "AuditQuery[before=" + before + ", limit=" + limit + ", action=" + action + ", actor="
        + actor + "]";
  }
}
