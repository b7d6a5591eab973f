package dev.gantry.policies.pipeline;

import dev.gantry.config.ApiKey;
import dev.gantry.config.ModelAlias;
import dev.gantry.policies.routing.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one client request as it moves through the pipeline. Stages fill in what they
 * establish (the caller's key, the route); the surface reads it for headers, logs and metrics.
 * Confined to one event-loop context, so it needs no synchronization.
 */
public final class Exchange {

  private final String requestId;
  private final ApiCall call;
  private final String presentedKey;
  private final long startNanos;
  private ApiKey principal;
  private ModelAlias alias;
  private Route route;
  private final List<Attempt> attempts = new ArrayList<>(2);
  private long upstreamNanos;
  private RoutingHints hints = RoutingHints.NONE;

  /**
   * @param presentedKey the API key the client sent, or null; never logged
   * @param startNanos {@link System#nanoTime()} when the request arrived
   */
  public Exchange(String requestId, ApiCall call, String presentedKey, long startNanos) {
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.call = Objects.requireNonNull(call, "call");
    this.presentedKey = presentedKey;
    this.startNanos = startNanos;
  }

  public String requestId() {
    return requestId;
  }

  public ApiCall call() {
    return call;
  }

  public Optional<String> presentedKey() {
    return Optional.ofNullable(presentedKey);
  }

  public long startNanos() {
    return startNanos;
  }

  /** The authenticated key; empty when the gateway runs without keys. */
  public Optional<ApiKey> principal() {
    return Optional.ofNullable(principal);
  }

  public void authenticate(ApiKey key) {
    this.principal = key;
  }

  /** The alias the request resolved to (a fallback alias replaces it when one serves). */
  public Optional<ModelAlias> alias() {
    return Optional.ofNullable(alias);
  }

  public void alias(ModelAlias value) {
    this.alias = value;
  }

  /** What the request asked of routing. */
  public RoutingHints hints() {
    return hints;
  }

  public void hints(RoutingHints value) {
    this.hints = value;
  }

  /** The calls made to deployments so far, in order. */
  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  public void attempted(Attempt attempt) {
    attempts.add(attempt);
  }

  public Optional<Route> route() {
    return Optional.ofNullable(route);
  }

  public void route(Route value) {
    this.route = value;
  }

  /** Nanoseconds spent waiting on providers (for a stream: until its headers arrived). */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  public void addUpstreamNanos(long nanos) {
    this.upstreamNanos += nanos;
  }
}
