package dev.gantry.sdk.admin;

import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.internal.Transport.Answer;
import dev.gantry.sdk.internal.Urls;
import java.util.Map;

/**
 * The routing as a whole: the version served ({@code GET /admin/v1/routing}), its history and
 * rollbacks. Get it from {@code client.admin().routing()}.
 */
public final class RoutingService {
  private static final int PAGE = 20;

  private final Transport transport;

  RoutingService(Transport transport) {
    this.transport = transport;
  }

  /** The routing served now: its version and document. */
  public RoutingSnapshot current() {
    return current(RequestOptions.none());
  }

  /** {@link #current()} with per-call options. */
  public RoutingSnapshot current(RequestOptions options) {
    Answer<RoutingSnapshot> a = transport.send(Transport.Call.get("/admin/v1/routing", options),
        RoutingSnapshot.class);
    return a.body().withHeaders(a.headers());
  }

  /** The saved versions, newest first, 20 a page; {@link Page#autoPager()} walks them all. */
  public Page<RoutingVersion> history() {
    return history(PAGE, RequestOptions.none());
  }

  /** The saved versions, newest first, {@code limit} (1 to 100) a page. */
  public Page<RoutingVersion> history(int limit, RequestOptions options) {
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be 1 to 100: " + limit);
    }
    return history(null, limit, options);
  }

  private Page<RoutingVersion> history(Long before, int limit, RequestOptions options) {
    return Calls.page(transport, "/admin/v1/routing/history"
            + Urls.query("before", before, "limit", limit), limit, options,
        RoutingVersion.class, RoutingVersion::version,
        older -> history(older, limit, options));
  }

  /**
   * Restores the version before the newest, as a new version;
   * {@link dev.gantry.sdk.BadRequestException} if the routing was never changed.
   */
  public Rollback rollback() {
    return rollback(RequestOptions.none());
  }

  /** {@link #rollback()} with per-call options. */
  public Rollback rollback(RequestOptions options) {
    return send(Map.of(), options);
  }

  /**
   * Restores version {@code version} (0: the configuration file's routing) as a new version;
   * {@link dev.gantry.sdk.NotFoundException} if there is no such version.
   */
  public Rollback rollback(long version) {
    return rollback(version, RequestOptions.none());
  }

  /** {@link #rollback(long)} with per-call options. */
  public Rollback rollback(long version, RequestOptions options) {
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    return send(Map.of("version", version), options);
  }

  private Rollback send(Map<String, Object> body, RequestOptions options) {
    Answer<Rollback> a = transport.send(
        Transport.Call.post("/admin/v1/routing/rollback", body, options), Rollback.class);
    return a.body().withHeaders(a.headers());
  }

  @Override
  public String toString() {
    return "RoutingService";
  }
}
