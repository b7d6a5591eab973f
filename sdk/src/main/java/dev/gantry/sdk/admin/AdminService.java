package dev.gantry.sdk.admin;

import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.util.Objects;

/**
 * Gantry's admin API ({@code /admin/v1/...}): the client's key must be an admin key
 * ({@code admin: true}), else every call fails with {@link dev.gantry.sdk.PermissionDeniedException}.
 * Get it from {@code client.admin()}.
 *
 * <p>Routing ({@link #aliases()}, {@link #providers()}, {@link #routing()}), keys and teams need a
 * state store on the gateway; without one those calls answer {@link
 * dev.gantry.sdk.NotFoundException}. The others read the gateway that answers.
 *
 * <pre>{@code
 * AdminService admin = client.admin();
 * IssuedKey key = admin.keys().create(KeySpec.builder("support-bot").team("support").build());
 * UsageReport usage = admin.usage(UsageQuery.today(UsageGroupBy.KEY));
 * for (AuditEntry e : admin.audit(AuditQuery.latest().withAction("keys.")).autoPager()) { ... }
 * }</pre>
 */
public final class AdminService {
  private final Transport transport;
  private final ConfigItems<AliasConfig> aliases;
  private final ConfigItems<ProviderConfig> providers;
  private final RoutingService routing;
  private final KeyService keys;
  private final TeamService teams;

  /** Used by the client. */
  public AdminService(Transport transport) {
    this.transport = transport;
    this.aliases = new ConfigItems<>(transport, "models", "model", AliasConfig::fromAnswer,
        false);
    this.providers = new ConfigItems<>(transport, "providers", "provider",
        ProviderConfig::fromAnswer, false);
    this.routing = new RoutingService(transport);
    this.keys = new KeyService(transport);
    this.teams = new TeamService(transport);
  }

  /** The aliases of the live routing ({@code /admin/v1/models}): list, get, create, update, delete. */
  public ConfigItems<AliasConfig> aliases() {
    return aliases;
  }

  /** The providers of the live routing ({@code /admin/v1/providers}). */
  public ConfigItems<ProviderConfig> providers() {
    return providers;
  }

  /** The routing as a whole: its version, history and rollbacks. */
  public RoutingService routing() {
    return routing;
  }

  /** Virtual keys: create, list, update, rotate, revoke. */
  public KeyService keys() {
    return keys;
  }

  /** Teams: create, list, update, delete. */
  public TeamService teams() {
    return teams;
  }

  /**
   * Each deployment's health on the gateway that answers: breaker state and rates, calls in
   * flight, latency averages, recent errors ({@code GET /admin/v1/deployments}).
   */
  public AdminList<DeploymentHealth> deployments() {
    return deployments(RequestOptions.none());
  }

  /** {@link #deployments()} with per-call options. */
  public AdminList<DeploymentHealth> deployments(RequestOptions options) {
    return Calls.list(transport, Transport.Call.get("/admin/v1/deployments", options),
        DeploymentHealth.class);
  }

  /**
   * Requests, tokens and spend per group over UTC days ({@code GET /admin/v1/usage}), from the
   * state store.
   */
  public UsageReport usage(UsageQuery query) {
    return usage(query, RequestOptions.none());
  }

  /** {@link #usage(UsageQuery)} with per-call options. */
  public UsageReport usage(UsageQuery query, RequestOptions options) {
    Objects.requireNonNull(query, "query");
    String path = "/admin/v1/usage" + Urls.query("from", query.from(), "to", query.to(),
        "group_by", query.groupBy().id());
    Answer<UsageReport> a = transport.send(Transport.Call.get(path, options), UsageReport.class);
    return a.body().withHeaders(a.headers());
  }

  /**
   * Every limit of every key, team, model and deployment with what its bucket holds now
   * ({@code GET /admin/v1/limits}).
   */
  public AdminList<LimitBucket> limits() {
    return limits(RequestOptions.none());
  }

  /** {@link #limits()} with per-call options. */
  public AdminList<LimitBucket> limits(RequestOptions options) {
    return Calls.list(transport, Transport.Call.get("/admin/v1/limits", options),
        LimitBucket.class);
  }

  /** The newest admin changes, 20 a page; {@link Page#autoPager()} walks back through them all. */
  public Page<AuditEntry> audit() {
    return audit(AuditQuery.latest());
  }

  /** The admin changes {@code query} selects, newest first ({@code GET /admin/v1/audit}). */
  public Page<AuditEntry> audit(AuditQuery query) {
    return audit(query, RequestOptions.none());
  }

  /** {@link #audit(AuditQuery)} with per-call options. */
  public Page<AuditEntry> audit(AuditQuery query, RequestOptions options) {
    Objects.requireNonNull(query, "query");
    String path = "/admin/v1/audit" + Urls.query("before", query.before(), "limit",
        query.limit(), "action", query.action(), "actor", query.actor());
    return Calls.page(transport, path, query.limit(), options, AuditEntry.class,
        AuditEntry::seq, seq -> audit(query.withBefore(seq), options));
  }

  /** The response cache: store, scope, TTL, entries, bytes, evictions ({@code GET /admin/v1/cache}). */
  public CacheStats cacheStats() {
    return cacheStats(RequestOptions.none());
  }

  /** {@link #cacheStats()} with per-call options. */
  public CacheStats cacheStats(RequestOptions options) {
    Answer<CacheStats> a = transport.send(Transport.Call.get("/admin/v1/cache", options),
        CacheStats.class);
    return a.body().withHeaders(a.headers());
  }

  /** Removes entries from the response cache ({@code DELETE /admin/v1/cache}). */
  public CachePurged purgeCache(CachePurge purge) {
    return purgeCache(purge, RequestOptions.none());
  }

  /** {@link #purgeCache(CachePurge)} with per-call options. */
  public CachePurged purgeCache(CachePurge purge, RequestOptions options) {
    Objects.requireNonNull(purge, "purge");
    String path = "/admin/v1/cache" + Urls.query("namespace", purge.namespaceOrNull(), "alias",
        purge.aliasOrNull());
    Answer<CachePurged> a = transport.send(Transport.Call.delete(path, options),
        CachePurged.class);
    return a.body().withHeaders(a.headers());
  }

  @Override
  public String toString() {
    return "AdminService";
  }
}
