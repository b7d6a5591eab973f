package dev.gantry.policies.pipeline;

import dev.gantry.config.ApiKey;
import dev.gantry.config.ModelAlias;
import dev.gantry.policies.limits.Reservation;
import dev.gantry.policies.routing.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one client request as it moves through the pipeline. Stages fill in what they
 * establish (the caller's key, the route); the surface reads it for headers, logs and metrics.
 * Confined to one event-loop context, so it needs no synchronization.
 */
public final class Exchange {

  private final String requestId;
  private ApiCall call;
  private final String presentedKey;
  private final long startNanos;
  private ApiKey principal;
  private ModelAlias alias;
  private Route route;
  private final List<Attempt> attempts = new ArrayList<>(2);
  private long upstreamNanos;
  private RoutingHints hints = RoutingHints.NONE;
  private List<String> cacheControl = List.of();
  private CacheHit cacheHit;
  private long inputTokens = -1;
  private long outputTokens = -1;
  private final List<Reservation> reservations = new ArrayList<>(2);
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<Runnable> onCancel = new ArrayList<>(1);
  private boolean cancelled;

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

  /**
   * Narrows what the rest of the pipeline is asked (the cache sends only the embedding inputs it
   * could not answer); the stage that narrows it restores it before the surface sees the answer.
   */
  public void call(ApiCall value) {
    this.call = java.util.Objects.requireNonNull(value, "call");
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

  /** Input tokens counted before admission, or -1 when nothing needed them. */
  public long inputTokens() {
    return inputTokens;
  }

  /** The output tokens admission reserved for (the request's maximum or a default), or -1. */
  public long outputTokens() {
    return outputTokens;
  }

  public void tokenEstimate(long input, long output) {
    this.inputTokens = input;
    this.outputTokens = output;
  }

  /** What was taken from limits for this request, to reconcile with its usage at the end. */
  public List<Reservation> reservations() {
    return reservations;
  }

  public void reserved(Reservation reservation) {
    reservations.add(reservation);
  }

  /** The client went away: runs what stages registered to stop work done for it. Idempotent. */
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      List<Runnable> hooks = List.copyOf(onCancel);
      onCancel.clear();
      hooks.forEach(Runnable::run);
    }
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** Runs {@code hook} when the client goes away (at once if it already has). */
  public void onCancel(Runnable hook) {
    if (cancelled) {
      hook.run();
    } else {
      onCancel.add(hook);
    }
  }

  /** Headers stages add to the response (rate-limit state, cost). */
  public Map<String, String> headers() {
    return headers;
  }

  /** What the request asked of routing. */
  public RoutingHints hints() {
    return hints;
  }

  public void hints(RoutingHints value) {
    this.hints = value;
  }

  /** The values of the request's {@code Cache-Control} headers (none when it sent none). */
  public List<String> cacheControl() {
    return cacheControl;
  }

  public void cacheControl(List<String> values) {
    this.cacheControl = List.copyOf(values);
  }

  /** How the answer came from the response cache, when it did. */
  public Optional<CacheHit> cacheHit() {
    return Optional.ofNullable(cacheHit);
  }

  public void cacheHit(CacheHit value) {
    this.cacheHit = value;
  }

  /**
   * An answer served from the response cache.
   *
   * @param ageSeconds how long ago it was stored
   * @param countsTokens whether its tokens count against rate limits like a provider's answer
   *     (otherwise it counts as a request only)
   */
  public record CacheHit(long ageSeconds, boolean countsTokens) {}

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
