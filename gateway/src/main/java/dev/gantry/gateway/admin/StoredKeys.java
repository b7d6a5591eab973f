package dev.gantry.gateway.admin;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Team;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.store.Budget;
import dev.gantry.store.Dimension;
import dev.gantry.store.KeyStore;
import dev.gantry.store.StoredKey;
import dev.gantry.store.StoredTeam;
import dev.gantry.store.TeamStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys clients may use: those of the configuration and the usable virtual keys of the state
 * store, which every gateway polls for changes (creation, rotation, revocation) every
 * {@value #POLL_MILLIS} ms, so a change takes effect everywhere within seconds. Expired keys stop
 * working at their expiry. The store's teams are read whole at each poll: their limits and the
 * budgets of keys and teams are answered from here.
 */
public final class StoredKeys {

  static final long POLL_MILLIS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(StoredKeys.class);

  private final Vertx vertx;
  private final KeyStore store;
  private final TeamStore teamStore;
  private volatile Map<String, StoredTeam> teams = Map.of();
  private final List<ApiKey> configured;
  private final Map<String, String> env;
  private final Clock clock;
  private final Map<String, StoredKey> byId = new ConcurrentHashMap<>();
  private final AtomicReference<KeyRing> ring = new AtomicReference<>();
  private volatile long version;
  private long timer = -1;
  private volatile boolean stopped;

  public StoredKeys(Vertx vertx, KeyStore store, TeamStore teamStore, List<ApiKey> configured,
      Map<String, String> env, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.teamStore = teamStore;
    this.configured = List.copyOf(configured);
    this.env = env;
    this.clock = clock;
    this.ring.set(KeyRing.of(configured, env));
  }

  /**
   * The budget of the stored key or team ({@code level}) named {@code name}: what
   * {@link dev.gantry.gateway.usage.EnforceBudget} enforces.
   */
  public Optional<Budget> budget(Dimension level, String name) {
    if (level == Dimension.TEAM) {
      StoredTeam team = teams.get(name);
      return Optional.ofNullable(team == null ? null : team.budget());
    }
    if (level != Dimension.KEY) {
      return Optional.empty();
    }
    for (StoredKey k : byId.values()) {
      if (k.name().equals(name) && k.revokedAt() == null) {
        return Optional.ofNullable(k.budget());
      }
    }
    return Optional.empty();
  }

  /** The current keys. */
  public KeyRing ring() {
    return ring.get();
  }

  /** Loads the store's keys, then keeps polling. */
  public io.vertx.core.Future<Void> start() {
    return poll().onComplete(ar -> schedule()).mapEmpty();
  }

  /**
   * Reads the changes now (the admin API calls it after its own changes): keys since the last
   * change seen, and the teams (few, read whole so deletions show).
   */
  public io.vertx.core.Future<Void> poll() {
    return store.changedSince(version).map(changed -> {
      for (StoredKey k : changed) {
        byId.put(k.id(), k);
        version = Math.max(version, k.version());
      }
      rebuild();
      return (Void) null;
    }).compose(v -> teamStore.list()).map(list -> {
      Map<String, StoredTeam> fresh = new java.util.HashMap<>();
      list.forEach(t -> fresh.put(t.name(), t));
      teams = fresh;
      return (Void) null;
    }).onFailure(e -> LOG.warn("reading keys from the state store failed: {}", e.getMessage()));
  }

  /** A team of the state store, by name. */
  public Optional<Team> team(String name) {
    return Optional.ofNullable(teams.get(name)).map(t -> new Team(t.name(), t.limits()));
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(POLL_MILLIS, id -> poll().onComplete(ar -> schedule()));
    }
  }

  private void rebuild() {
    List<ApiKey> all = new ArrayList<>(configured);
    java.time.Instant now = clock.instant();
    for (StoredKey k : byId.values()) {
      if (k.usableAt(now)) {
        all.add(new ApiKey(k.name(), null, k.keyHash(), k.models(), false, k.team(), k.limits()));
      }
    }
    ring.set(KeyRing.of(all, env));
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
