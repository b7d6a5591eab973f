package dev.gantry.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Teams: keys name them, and share their limits and budget. Failures: {@link StoreException}
 * (invalid spec, duplicate name, no such team, a team still used by keys).
 */
public interface TeamStore {

  Future<StoredTeam> create(TeamSpec spec);

  Future<Optional<StoredTeam>> get(String name);

  /** Every team, by name. */
  Future<List<StoredTeam>> list();

  /** Replaces the limits, budget and metadata of the team {@code spec} names. */
  Future<StoredTeam> update(TeamSpec spec);

  /**
   * Deletes the team; refused while a key that is not revoked belongs to it (revoked keys are
   * detached). Deletions do not show in {@link #changedSince}: pollers compare with {@link #list}.
   */
  Future<Void> delete(String name);

  /** Every team created or updated after change {@code version}, in change order. */
  Future<List<StoredTeam>> changedSince(long version);
}
