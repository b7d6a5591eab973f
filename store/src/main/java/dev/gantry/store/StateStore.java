package dev.gantry.store;

import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.finetune.FineTuneStore;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.store.internal.JdbcStateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/**
 * The keys, teams, usage, fine-tuning jobs, routing versions and audit log of one database, opened
 * (and migrated) together.
 */
public interface StateStore {

  /**
   * Opens the database {@code settings} name, migrating its schema first (on a worker thread).
   *
   * @param env where an {@code env:} password is read from
   * @param clock the time keys are created, changed and checked for expiry at
   */
  static Future<StateStore> open(Vertx vertx, StateStoreSettings settings,
      Map<String, String> env, Clock clock) {
    return JdbcStateStore.open(vertx, settings, env, clock);
  }

  KeyStore keys();

  TeamStore teams();

  UsageStore usage();

  /** Fine-tuning files' metadata, jobs, events, checkpoints and leases. */
  FineTuneStore fineTuning();

  /** Routing versions edited through the admin API, and the audit log. */
  AdminStore admin();

  /** Closes the connections. */
  Future<Void> close();
}
