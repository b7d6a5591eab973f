package dev.gantry.gateway.admin;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.Limits;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.store.Budget;
import dev.gantry.store.IssuedKey;
import dev.gantry.store.KeySpec;
import dev.gantry.store.KeyStore;
import dev.gantry.store.StoreException;
import dev.gantry.store.StoredKey;
import dev.gantry.store.StoredTeam;
import dev.gantry.store.TeamSpec;
import dev.gantry.store.TeamStore;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code /admin/v1/keys} and {@code /admin/v1/teams}: virtual keys and teams in the state store
 * ({@code POST}, {@code GET}, {@code PUT /{name}}, {@code DELETE /{name}} for teams). Keys: {@code POST} creates one and answers
 * its plaintext {@code key} this once; {@code GET} lists them (never a key); {@code POST
 * /{id}/rotate} issues a new plaintext; {@code DELETE /{id}} revokes. Every gateway picks changes
 * up within about a second ({@link StoredKeys}).
 */
final class AdminKeys {

  private final KeyStore store;
  private final TeamStore teams;
  private final StoredKeys keys;
  private final Consumer<RoutingContext> authorize;

  AdminKeys(KeyStore store, TeamStore teams, StoredKeys keys,
      Consumer<RoutingContext> authorize) {
    this.store = store;
    this.teams = teams;
    this.keys = keys;
    this.authorize = authorize;
  }

  void mount(Router router) {
    router.post("/admin/v1/keys").handler(ctx -> run(ctx, 201, () -> store.create(spec(ctx))
        .map(AdminKeys::issued)));
    router.get("/admin/v1/keys").handler(ctx -> run(ctx, 200, () -> store.list().map(list -> {
      JsonArray data = new JsonArray();
      list.forEach(k -> data.add(describe(k)));
      return new JsonObject().put("object", "list").put("data", data);
    })));
    router.put("/admin/v1/keys/:id").handler(ctx -> run(ctx, 200,
        () -> store.update(ctx.pathParam("id"), spec(ctx)).map(AdminKeys::describe)));
    router.post("/admin/v1/keys/:id/rotate").handler(ctx -> run(ctx, 200,
        () -> store.rotate(ctx.pathParam("id")).map(AdminKeys::issued)));
    router.delete("/admin/v1/keys/:id").handler(ctx -> run(ctx, 200,
        () -> store.revoke(ctx.pathParam("id")).map(AdminKeys::describe)));
    router.post("/admin/v1/teams").handler(ctx -> run(ctx, 201,
        () -> teams.create(team(ctx, null)).map(AdminKeys::describe)));
    router.get("/admin/v1/teams").handler(ctx -> run(ctx, 200, () -> teams.list().map(list -> {
      JsonArray data = new JsonArray();
      list.forEach(t -> data.add(describe(t)));
      return new JsonObject().put("object", "list").put("data", data);
    })));
    router.put("/admin/v1/teams/:name").handler(ctx -> run(ctx, 200,
        () -> teams.update(team(ctx, ctx.pathParam("name"))).map(AdminKeys::describe)));
    router.delete("/admin/v1/teams/:name").handler(ctx -> run(ctx, 200,
        () -> teams.delete(ctx.pathParam("name")).map(v -> new JsonObject()
            .put("name", ctx.pathParam("name")).put("deleted", true))));
  }

  /** A team from the body; its name from the path when given there. */
  private static TeamSpec team(RoutingContext ctx, String name) {
    JsonObject body = object(ctx);
    return new TeamSpec(name != null ? name : body.getString("name"),
        limits(body.getJsonObject("limits")), budget(body.getJsonObject("budget")),
        metadata(body));
  }

  private static JsonObject object(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw GatewayException.invalid("The body must be a JSON object.", null);
    }
    if (body == null) {
      throw GatewayException.invalid("The body must be a JSON object.", null);
    }
    return body;
  }

  private static Map<String, String> metadata(JsonObject body) {
    Map<String, String> metadata = new HashMap<>();
    body.getJsonObject("metadata", new JsonObject()).forEach(e ->
        metadata.put(e.getKey(), String.valueOf(e.getValue())));
    return metadata;
  }

  /**
   * Answers with what {@code action} made once this gateway has read the change (so the next
   * request here sees it), a store failure mapped to its error; a create names what it made for
   * the audit entry.
   */
  private void run(RoutingContext ctx, int status, java.util.function.Supplier<Future<JsonObject>>
      action) {
    JsonAnswers.answer(ctx, status, () -> Future.<Void>succeededFuture()
        .compose(v -> {
          authorize.accept(ctx);
          return action.get();
        })
        .compose(body -> keys.poll().map(body))
        .recover(e -> Future.failedFuture(error(e)))
        .onSuccess(body -> {
          if (status == 201) {
            ctx.put(AdminApi.AUDIT_TARGET, body.getString("id", body.getString("name")));
          }
        }));
  }

  private static GatewayException error(Throwable t) {
    if (t instanceof StoreException) {
      StoreException e = (StoreException) t;
      ErrorKind kind = e.reason() == StoreException.Reason.NOT_FOUND ? ErrorKind.NOT_FOUND
          : e.reason() == StoreException.Reason.CONFLICT ? ErrorKind.CONFLICT
          : ErrorKind.INVALID_REQUEST;
      return new GatewayException(kind, e.getMessage());
    }
    return GatewayException.from(t);
  }

  private static KeySpec spec(RoutingContext ctx) {
    JsonObject body = object(ctx);
    List<String> models = new ArrayList<>();
    JsonArray m = body.getJsonArray("models", new JsonArray());
    for (int i = 0; i < m.size(); i++) {
      models.add(m.getString(i));
    }
    Instant expires = null;
    if (body.getString("expires_at") != null) {
      try {
        expires = Instant.parse(body.getString("expires_at"));
      } catch (DateTimeParseException e) {
        throw GatewayException.invalid("expires_at must be an ISO-8601 instant such as"
            + " 2027-01-31T00:00:00Z.", "expires_at");
      }
    }
    return new KeySpec(body.getString("name"), body.getString("team"), models,
        limits(body.getJsonObject("limits")), budget(body.getJsonObject("budget")), expires,
        metadata(body));
  }

  /** {@code {"usd": 25, "period": "day"|"month", "hard": true}}, or null. */
  private static Budget budget(JsonObject b) {
    if (b == null) {
      return null;
    }
    Object usd = b.getValue("usd");
    if (!(usd instanceof Number)) {
      throw GatewayException.invalid("budget.usd must be a number of US dollars.", "budget");
    }
    return new Budget(new java.math.BigDecimal(usd.toString()),
        Budget.Period.of(b.getString("period", "month")), b.getBoolean("hard", true));
  }

  private static Limits limits(JsonObject l) {
    if (l == null) {
      return Limits.NONE;
    }
    return new Limits(l.getLong("rpm"), l.getLong("tpm"), l.getLong("input_tpm"),
        l.getLong("output_tpm"), l.getLong("concurrent"), l.getLong("tokens_per_day"));
  }

  private static JsonObject issued(IssuedKey issued) {
    return describe(issued.key()).put("key", issued.plaintext());
  }

  private static JsonObject describe(StoredTeam t) {
    return new JsonObject().put("object", "team").put("name", t.name())
        .put("limits", limits(t.limits())).put("budget", budget(t.budget()))
        .put("created_at", t.createdAt().toString())
        .put("metadata", new JsonObject(new HashMap<>(t.metadata())));
  }

  private static JsonObject limits(Limits l) {
    return new JsonObject().put("rpm", l.rpm()).put("tpm", l.tpm())
        .put("input_tpm", l.inputTpm()).put("output_tpm", l.outputTpm())
        .put("concurrent", l.concurrent()).put("tokens_per_day", l.tokensPerDay());
  }

  private static JsonObject budget(Budget b) {
    return b == null ? null : new JsonObject().put("usd", b.usd().doubleValue())
        .put("period", b.period().id()).put("hard", b.hard());
  }

  private static JsonObject describe(StoredKey k) {
    return new JsonObject().put("id", k.id()).put("object", "key").put("name", k.name())
        .put("key_prefix", k.keyPrefix()).put("team", k.team())
        .put("models", new JsonArray(k.models()))
        .put("limits", limits(k.limits()))
        .put("expires_at", k.expiresAt() == null ? null : k.expiresAt().toString())
        .put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString())
        .put("created_at", k.createdAt().toString())
        .put("budget", budget(k.budget()))
        .put("metadata", new JsonObject(new HashMap<>(k.metadata())));
  }
}
