package dev.gantry.gateway;

import dev.gantry.config.ConfigException;
import dev.gantry.config.ConfigLoader;
import dev.gantry.config.GatewayConfig;
import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.admin.RoutingVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this gateway's routing on the newest version saved through the admin API (by any
 * gateway sharing the state store): reads the newest version every {@value #EVERY_MILLIS} ms and
 * applies a newer one, validated against the file's other sections. The file's providers and
 * models serve until the first version is saved; after that, the stored versions do (a restart
 * starts from the newest one).
 */
final class RoutingSync {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingSync.class);
  static final long EVERY_MILLIS = 1_000;

  private final Vertx vertx;
  private final AdminStore store;
  private final GatewayConfig bootstrap;
  private final Map<String, String> env;
  private final Function<GatewayConfig, Future<Void>> apply;
  private volatile long applied;
  private long refused = -1;
  private long timer = -1;
  /** The sync in progress (or the last one); syncs run one after another. */
  private Future<Void> running = Future.succeededFuture();

  RoutingSync(Vertx vertx, AdminStore store, GatewayConfig bootstrap, Map<String, String> env,
      Function<GatewayConfig, Future<Void>> apply) {
    this.vertx = vertx;
    this.store = store;
    this.bootstrap = bootstrap;
    this.env = env;
    this.apply = apply;
  }

  /** The configuration to start with: the file's, or the newest stored routing over it. */
  Future<GatewayConfig> initial() {
    return store.currentRouting().map(current -> {
      if (current.isEmpty()) {
        return bootstrap;
      }
      GatewayConfig config = bind(current.get());
      applied = current.get().version();
      LOG.info("routing version={} from the state store (saved by {} at {})",
          current.get().version(), current.get().author(), current.get().createdAt());
      return config;
    });
  }

  void start() {
    timer = vertx.setPeriodic(EVERY_MILLIS, id -> {
      if (running.isComplete()) {
        sync();
      }
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The file's configuration. */
  GatewayConfig bootstrap() {
    return bootstrap;
  }

  /** The routing version this gateway serves (0: the file's). */
  long applied() {
    return applied;
  }

  /**
   * Applies the newest version if it is newer than the one served, after any sync in progress:
   * when the future completes, a version saved before the call is served.
   */
  synchronized Future<Void> sync() {
    running = running.transform(ar -> syncOnce());
    return running;
  }

  private Future<Void> syncOnce() {
    return store.currentRouting().compose(current -> {
      if (current.isEmpty() || current.get().version() <= applied
          || current.get().version() == refused) {
        return Future.<Void>succeededFuture();
      }
      RoutingVersion version = current.get();
      GatewayConfig next;
      try {
        next = bind(version);
      } catch (RuntimeException e) {
        refused = version.version();
        LOG.error("routing version={} cannot be served here, keeping version={}: {}",
            version.version(), applied, e.getMessage());
        return Future.<Void>succeededFuture();
      }
      return apply.apply(next).onSuccess(v -> applied = version.version());
    }).recover(e -> {
      LOG.warn("routing sync failed, retried: {}", e.toString());
      return Future.succeededFuture();
    });
  }

  /** The file's configuration with a stored version's providers and models. */
  GatewayConfig bind(RoutingVersion version) {
    try {
      return ConfigLoader.withRouting(bootstrap,
          dev.gantry.adapters.openai.Json.MAPPER.readTree(version.document()), env);
    } catch (ConfigException e) {
      throw new IllegalStateException(String.join("; ", e.errors()), e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("routing version " + version.version()
          + " is not JSON", e);
    }
  }
}
