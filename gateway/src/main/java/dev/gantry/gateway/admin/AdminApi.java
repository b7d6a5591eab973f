package dev.gantry.gateway.admin;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.CacheSettings;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.gateway.HttpErrors;
import dev.gantry.gateway.Redactor;
import dev.gantry.gateway.RequestIds;
import dev.gantry.gateway.Routes;
import dev.gantry.gateway.usage.UsageRecorder;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.cache.ResponseCache;
import dev.gantry.policies.cache.SemanticCache;
import dev.gantry.policies.routing.DeploymentState;
import dev.gantry.policies.routing.DeploymentStates;
import dev.gantry.policies.routing.ModelCatalog;
import dev.gantry.policies.routing.Shadows;
import dev.gantry.store.StateStore;
import dev.gantry.store.admin.AdminStore;
import dev.gantry.store.admin.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, for keys with {@code admin: true} (or anyone on a gateway without keys, which
 * listens on loopback only). {@code GET /admin/v1/deployments}: each deployment's breaker state,
 * failure and slow-call rates, calls in flight, latency averages, recent errors, and for shadows
 * the latest mirrored calls.
 */
public final class AdminApi implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  private final Supplier<KeyRing> keys;
  private final Supplier<ModelCatalog> catalog;
  private final Supplier<DeploymentStates> states;
  private final Redactor redactor;
  private final AdminKeys adminKeys;
  private final AdminUsage adminUsage;
  private final AdminCache adminCache;
  private final AdminRouting adminRouting;
  private final AdminStore adminStore;

  /**
   * @param stateStore the state store, or null when there is none (then no
   *     {@code /admin/v1/keys} or {@code /admin/v1/usage})
   * @param storedKeys the gateway's view of its keys, polled after each change made here
   * @param usage this gateway's unwritten usage, flushed before a usage query
   * @param cache the response cache, or null when it is off (then no {@code /admin/v1/cache})
   * @param semantic the semantic cache, or null when no alias has one
   * @param routing how routing changes are validated and applied, or null without a state store
   */
  public AdminApi(Supplier<KeyRing> keys, Supplier<ModelCatalog> catalog,
      Supplier<DeploymentStates> states, Redactor redactor, StateStore stateStore,
      StoredKeys storedKeys, UsageRecorder usage, CacheSettings cacheSettings,
      ResponseCache cache, SemanticCache semantic, Routing routing) {
    this.redactor = redactor;
    this.adminStore = stateStore == null ? null : stateStore.admin();
    this.adminRouting = stateStore == null || routing == null ? null
        : new AdminRouting(stateStore.admin(), routing.bootstrap(), routing.env(), this::actor,
            routing.syncNow(), Clock.systemUTC());
    this.adminKeys = stateStore == null ? null
        : new AdminKeys(stateStore.keys(), stateStore.teams(), storedKeys, this::authorize);
    this.adminUsage = stateStore == null ? null
        : new AdminUsage(stateStore.usage(), usage, this::authorize);
    this.adminCache = cache == null ? null : new AdminCache(cacheSettings, cache, semantic,
        this::authorize);
    this.keys = keys;
    this.catalog = catalog;
    this.states = states;
  }

  /**
   * What the routing API needs from the gateway.
   *
   * @param bootstrap the file's configuration
   * @param env where secret references are read
   * @param syncNow applies the newest stored routing on this gateway
   */
  public record Routing(GatewayConfig bootstrap, Map<String, String> env,
      Supplier<Future<Void>> syncNow) {}

  @Override
  public void mount(Router router) {
    if (adminStore != null) {
      router.route("/admin/v1/*").handler(this::audited);
    }
    router.get("/admin/v1/deployments").handler(this::deployments);
    if (adminRouting != null) {
      adminRouting.mount(router);
    }
    if (adminKeys != null) {
      adminKeys.mount(router);
      adminUsage.mount(router);
    }
    if (adminCache != null) {
      adminCache.mount(router);
    }
  }

  private void deployments(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    try {
      authorize(ctx);
      Map<String, JsonObject> byLabel = new LinkedHashMap<>();
      for (ModelAlias alias : catalog.get().aliases()) {
        for (Deployment d : alias.deployments()) {
          byLabel.computeIfAbsent(d.label(), label -> describe(d, states.get().of(label),
                  redactor))
              .getJsonArray("aliases").add(alias.name());
        }
      }
      ctx.response().putHeader("content-type", "application/json")
          .putHeader(RequestIds.HEADER, requestId)
          .end(new JsonObject().put("object", "list")
              .put("data", new JsonArray(java.util.List.copyOf(byLabel.values()))).toBuffer());
    } catch (GatewayException e) {
      HttpErrors.send(ctx, e, requestId);
    }
  }

  /**
   * Records a successful admin change (other than routing, which records its own, richer entry)
   * in the audit log once it has been answered: who, what, on what, and the request's body with
   * secrets masked.
   */
  private void audited(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.normalizedPath();
    if (method.equals("GET") || method.equals("HEAD") || AUDITED_ELSEWHERE.matcher(path)
        .matches()) {
      ctx.next();
      return;
    }
    long at = System.currentTimeMillis();
    ctx.addEndHandler(ar -> {
      if (ctx.response().getStatusCode() >= 400) {
        return;
      }
      String[] parts = path.substring("/admin/v1/".length()).split("/");
      int at0 = path.startsWith("/admin/v1/fine_tuning/jobs") ? 2 : 1;
      String resource = String.join(".", java.util.Arrays.copyOfRange(parts, 0,
          Math.min(at0, parts.length)));
      String target = parts.length > at0 ? parts[at0] : null;
      String verb = parts.length > at0 + 1 ? parts[at0 + 1] : switch (method) {
        case "POST" -> "create";
        case "PUT", "PATCH" -> "update";
        default -> target == null ? "purge" : resource.equals("keys") ? "revoke" : "delete";
      };
      String body = null;
      if (ctx.body() != null && ctx.body().length() > 0) {
        try {
          body = JsonDiff.masked(dev.gantry.adapters.openai.Json.parse(ctx.body().buffer()))
              .toString();
        } catch (RuntimeException e) {
          body = null;
        }
      }
      if (target == null) {
        target = ctx.get(AUDIT_TARGET);
      }
      if (target == null) {
        target = ctx.request().query();
      }
      adminStore.audit(new AuditEntry(0, at, actor(ctx), resource + "." + verb, target, null,
          body, RequestIds.of(ctx))).onFailure(e -> LOG.warn("audit entry lost: {}",
              e.toString()));
    });
    ctx.next();
  }

  /**
   * Where a handler puts what it created (a key's id, a team's name) for the audit entry, whose
   * path does not name it.
   */
  static final String AUDIT_TARGET = "gantry.audit.target";

  /** Routing changes and rollbacks write their own audit entries. */
  private static final java.util.regex.Pattern AUDITED_ELSEWHERE = java.util.regex.Pattern
      .compile("/admin/v1/(models|providers|routing)(/.*)?");

  /** The admin key's name (checked to be an admin key), or {@code anonymous} without keys. */
  private String actor(RoutingContext ctx) {
    return AdminAuth.actor(keys.get(), ctx);
  }

  private void authorize(RoutingContext ctx) {
    AdminAuth.actor(keys.get(), ctx);
  }

  private static JsonObject describe(Deployment d, DeploymentState state, Redactor redactor) {
    JsonArray errors = new JsonArray();
    state.recentErrors().forEach(e -> errors.add(new JsonObject()
        .put("at", Instant.ofEpochMilli(e.atMillis()).toString()).put("kind", e.kind())
        .put("message", redactor.redact(e.message()))));
    JsonObject out = new JsonObject()
        .put("deployment", d.label()).put("provider", d.provider()).put("model", d.model())
        .put("aliases", new JsonArray())
        .put("shadow", d.shadow())
        .put("breaker", new JsonObject()
            .put("state", state.breakerState().name().toLowerCase(Locale.ROOT))
            .put("failure_rate", rate(state.failureRate()))
            .put("slow_call_rate", rate(state.slowCallRate())))
        .put("in_flight", state.inFlight())
        .put("latency_ms", new JsonObject()
            .put("first_token", state.averageMillis(true))
            .put("total", state.averageMillis(false)))
        .put("recent_errors", errors);
    if (d.shadow()) {
      JsonArray results = new JsonArray();
      for (Shadows.Result r : state.shadowResults()) {
        results.add(new JsonObject().put("at", Instant.ofEpochMilli(r.atMillis()).toString())
            .put("alias", r.alias()).put("ok", r.ok()).put("error", redactor.redact(r.error()))
            .put("millis", r.millis()).put("prompt_tokens", r.promptTokens())
            .put("completion_tokens", r.completionTokens()).put("preview", r.preview()));
      }
      out.put("shadow_results", results);
    }
    return out;
  }

  /** A breaker rate in percent, or null before the breaker has seen enough calls. */
  private static Float rate(float value) {
    return value < 0 ? null : value;
  }
}
