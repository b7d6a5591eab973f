package dev.gantry.gateway.admin;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.Team;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.gateway.Routes;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.limits.Admit;
import dev.gantry.policies.limits.Bucket;
import dev.gantry.policies.limits.Charge;
import dev.gantry.policies.limits.LimitStore;
import dev.gantry.policies.routing.ModelCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /admin/v1/limits}: every limit of every key, team, model and deployment, with what
 * its bucket holds now (read from the limit store every gateway shares, without touching it):
 * {@code {owner, scope, measure, capacity, available, used, window_seconds}}. A bucket never used
 * is full; {@code available} may be negative after a request used more than it reserved.
 */
public final class AdminLimits implements Routes {

  private final Supplier<KeyRing> keys;
  private final Function<String, Optional<Team>> teams;
  private final Supplier<ModelCatalog> catalog;
  private final LimitStore store;

  public AdminLimits(Supplier<KeyRing> keys, Function<String, Optional<Team>> teams,
      Supplier<ModelCatalog> catalog, LimitStore store) {
    this.keys = keys;
    this.teams = teams;
    this.catalog = catalog;
    this.store = store;
  }

  @Override
  public void mount(Router router) {
    router.get("/admin/v1/limits").handler(ctx -> JsonAnswers.answer(ctx, () -> {
      AdminAuth.actor(keys.get(), ctx);
      List<Charge> charges = charges();
      List<Bucket> buckets = charges.stream().map(Charge::bucket).distinct().toList();
      return store.peek(buckets).map(levels -> {
        JsonArray data = new JsonArray();
        for (Charge c : charges) {
          long capacity = c.bucket().capacity();
          long available = levels.getOrDefault(c.bucket().key(), capacity);
          data.add(new JsonObject().put("owner", c.owner())
              .put("scope", c.bucket().key().substring(0, c.bucket().key().indexOf(':')))
              .put("measure", c.measure().name().toLowerCase(Locale.ROOT))
              .put("capacity", capacity).put("available", available)
              .put("used", capacity - available)
              .put("window_seconds", c.bucket().windowMillis() / 1000));
        }
        return new JsonObject().put("object", "list").put("data", data);
      });
    }));
  }

  /** Every configured limit, each bucket once. */
  private List<Charge> charges() {
    Map<String, Charge> byKey = new LinkedHashMap<>();
    List<Charge> all = new ArrayList<>();
    for (ApiKey key : keys.get().keys()) {
      all.addAll(Charge.of("key:" + key.name(), "key " + key.name(), key.limits()));
      if (key.team() != null) {
        teams.apply(key.team()).ifPresent(team -> all.addAll(Charge.of("team:" + team.name(),
            "team " + team.name(), team.limits())));
      }
    }
    for (ModelAlias alias : catalog.get().aliases()) {
      all.addAll(Charge.of("model:" + alias.name(), "model " + alias.name(), alias.limits()));
      for (Deployment d : alias.deployments()) {
        all.addAll(Admit.charges(d));
      }
    }
    all.forEach(c -> byKey.putIfAbsent(c.bucket().key(), c));
    return List.copyOf(byKey.values());
  }
}
