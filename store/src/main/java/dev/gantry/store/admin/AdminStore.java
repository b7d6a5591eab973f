package dev.gantry.store.admin;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The routing documents' versions and the audit log. Non-blocking (JDBC on worker threads); a
 * failure fails the future with a {@link dev.gantry.store.StoreException}.
 */
public interface AdminStore {

  /** The newest routing version, or empty when the file's routing was never changed. */
  Future<Optional<RoutingVersion>> currentRouting();

  /**
   * Saves {@code next} as version {@code expectedVersion + 1} when the newest version is
   * {@code expectedVersion} (0: there is none yet), with its audit entry in the same
   * transaction. Empty when another version was saved meanwhile (optimistic concurrency).
   */
  Future<Optional<RoutingVersion>> saveRouting(long expectedVersion, String document,
      String author, String summary, Long rollbackOf, AuditEntry audit);

  /** One version, if it exists. */
  Future<Optional<RoutingVersion>> routing(long version);

  /** Versions newest first, at most {@code limit}, older than {@code before} (null: newest). */
  Future<List<RoutingVersion>> routingHistory(Long before, int limit);

  /** Appends an audit entry (its seq is assigned by the store). */
  Future<Void> audit(AuditEntry entry);

  /**
   * Audit entries newest first, at most {@code limit}, with seq below {@code before} (null:
   * newest), of {@code action} prefix (null: all) and {@code actor} (null: all).
   */
  Future<List<AuditEntry>> auditLog(Long before, int limit, String actionPrefix, String actor);
}
