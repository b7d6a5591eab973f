package dev.gantry.policies.routing;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.Routing;
import dev.gantry.policies.limits.Admit;
import dev.gantry.policies.limits.Charge;
import dev.gantry.policies.limits.LimitStore;
import dev.gantry.policies.limits.Reservation;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Attempt;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.RoutingHints;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.policies.tokens.TokenTexts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Serves a request from the resolved alias's deployments, riding out their failures: deployments
 * are tried in the order the {@link Router} gives, skipping those whose breaker is open; a
 * retryable failure moves to the next deployment at once, and, when none is left, a deployment
 * that refused the call outright (rate limited, unavailable) is called again after an exponential
 * backoff with full jitter or its {@code Retry-After}; nothing goes past the request's deadline or
 * the alias's {@code max_attempts}. A timeout or a broken answer is never retried at the same
 * deployment (the call may have been served). A stream counts as served once its first item came;
 * before that it fails over like any call. When the alias gives up, its fallback aliases for the
 * failure's class are served the same way; fallbacks cannot loop (the loader refuses cycles, and
 * an alias is never served twice for one request). Every call is recorded on the exchange.
 */
public final class Failover implements Stage {

  private final Supplier<ModelCatalog> catalog;
  private final DeploymentStates states;
  private final Router router;
  private final Timers timers;
  private final Clock clock;
  private final Random random;
  private final Duration requestTimeout;
  private final Shadows shadows;
  private final LimitStore limits;

  /** Failover without deployment quotas. */
  public Failover(Supplier<ModelCatalog> catalog, DeploymentStates states, Router router,
      Timers timers, Clock clock, Random random, Duration requestTimeout) {
    this(catalog, states, router, timers, clock, random, requestTimeout, null);
  }

  /**
   * @param requestTimeout the whole request's deadline, across attempts and fallbacks
   * @param limits where deployments' own limits are kept, or null to ignore them
   */
  public Failover(Supplier<ModelCatalog> catalog, DeploymentStates states, Router router,
      Timers timers, Clock clock, Random random, Duration requestTimeout, LimitStore limits) {
    this.limits = limits;
    this.catalog = catalog;
    this.states = states;
    this.router = router;
    this.timers = timers;
    this.clock = clock;
    this.random = random;
    this.requestTimeout = requestTimeout;
    this.shadows = new Shadows(catalog, states, clock, random);
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    ModelAlias alias = exchange.alias().orElseThrow(() -> new IllegalStateException("no alias"));
    Request request = new Request(exchange, next, clock.millis() + requestTimeout.toMillis());
    shadows.mirror(alias, exchange.call(), exchange.requestId());
    return request.serve(alias).recover(e -> Future.failedFuture(request.summary(e)));
  }

  /** One client request being served: its deadline, and the aliases already tried. */
  private final class Request {
    final Exchange exchange;
    final Next next;
    final long deadline;
    final Set<String> served = new java.util.HashSet<>();

    Request(Exchange exchange, Next next, long deadline) {
      this.exchange = exchange;
      this.next = next;
      this.deadline = deadline;
    }

    Future<Outcome> serve(ModelAlias alias) {
      served.add(alias.name());
      exchange.alias(alias);
      List<Route> usable;
      try {
        usable = usableRoutes(alias);
      } catch (GatewayException e) {
        return Future.failedFuture(e);
      }
      ApiCall call = exchange.call();
      List<Route> order = router.order(alias, usable, estimate(call), call.streaming());
      return new AliasRun(this, alias, order).attempt()
          .recover(e -> fallback(alias, GatewayException.from(e)));
    }

    /** The alias's serving routes that can do what the call asks (the first misfit's error). */
    private List<Route> usableRoutes(ModelAlias alias) {
      List<Route> usable = new ArrayList<>();
      GatewayException misfit = null;
      RoutingHints hints = exchange.hints();
      boolean hinted = false;
      for (Route r : catalog.get().routes(alias.name())) {
        if (r.deployment().shadow()) {
          continue;
        }
        if (!hints.admits(r.deployment())) {
          hinted = true;
          continue;
        }
        GatewayException e = Capabilities.check(exchange.call(), r.adapter().capabilities());
        if (e == null) {
          usable.add(r);
        } else if (misfit == null) {
          misfit = e;
        }
      }
      if (usable.isEmpty() && misfit == null && hinted) {
        throw GatewayException.invalid("No deployment of `" + alias.name() + "` matches the"
            + " routing hints (" + hints + ").", "x-gantry-pin");
      }
      if (usable.isEmpty()) {
        throw misfit != null ? misfit
            : new GatewayException(ErrorKind.INTERNAL, "The model has no serving deployment.");
      }
      return usable;
    }

    private Future<Outcome> fallback(ModelAlias alias, GatewayException failure) {
      List<String> targets = fallbacksFor(alias, failure);
      return tryFallbacks(targets, 0, failure);
    }

    private Future<Outcome> tryFallbacks(List<String> targets, int i, GatewayException failure) {
      if (i == targets.size() || clock.millis() >= deadline) {
        return Future.failedFuture(failure);
      }
      String name = targets.get(i);
      ModelAlias target = catalog.get().alias(name).orElse(null);
      boolean allowed = exchange.principal().map(k -> k.allows(name)).orElse(true);
      if (target == null || !allowed || served.contains(name)) {
        return tryFallbacks(targets, i + 1, failure);
      }
      return serve(target).recover(e -> tryFallbacks(targets, i + 1,
          GatewayException.from(e)));
    }

    /** The failure, or when several calls failed, one error naming each deployment's cause. */
    GatewayException summary(Throwable t) {
      GatewayException last = GatewayException.from(t);
      java.util.Map<String, Attempt> byDeployment = new java.util.LinkedHashMap<>();
      exchange.attempts().stream().filter(a -> !a.succeeded())
          .forEach(a -> byDeployment.put(a.deployment(), a));
      List<Attempt> failed = List.copyOf(byDeployment.values());
      if (failed.size() < 2) {
        return last;
      }
      StringBuilder message = new StringBuilder("Every deployment tried failed: ");
      for (int i = 0; i < failed.size(); i++) {
        Attempt a = failed.get(i);
        message.append(i == 0 ? "" : "; ").append(a.deployment()).append(" (")
            .append(a.error()).append(')');
      }
      ErrorKind kind = failed.stream().map(Attempt::error).map(Failover::kindOf).distinct()
          .count() == 1 ? last.kind() : ErrorKind.ALL_DEPLOYMENTS_FAILED;
      return new GatewayException(kind, message.toString(), last.param(),
          last.retryAfterSeconds(), last);
    }
  }

  private static String kindOf(String error) {
    int colon = error.indexOf(':');
    return colon < 0 ? error : error.substring(0, colon);
  }

  /** The attempts at one alias's deployments. */
  private final class AliasRun {
    final Request request;
    final ModelAlias alias;
    final List<Route> order;
    final Set<Route> tried = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<Route> open = new ArrayList<>();
    int attempts;
    int sameDeploymentRetries;
    Route last;
    boolean lastPermitted;
    Reservation quota;
    GatewayException lastError;

    AliasRun(Request request, ModelAlias alias, List<Route> order) {
      this.request = request;
      this.alias = alias;
      this.order = order;
    }

    Future<Outcome> attempt() {
      Routing routing = alias.routing();
      if (request.exchange.cancelled()) {
        return Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_ERROR,
            "The client went away before the answer."));
      }
      if (attempts >= routing.maxAttempts()) {
        return giveUp();
      }
      for (Route r : order) {
        if (!tried.contains(r)) {
          tried.add(r);
          DeploymentState state = states.of(r.deployment().label());
          if (state.tryAcquire()) {
            return quota(r).compose(room -> {
              if (room) {
                return call(r, true);
              }
              state.abandon(true);
              return attempt();
            });
          }
          open.add(r);
        }
      }
      if (attempts == 0 && !open.isEmpty() && alias.fallbacks().general().isEmpty()) {
        // every breaker is open and nothing else can serve: ask the deployment anyway, so the
        // client gets its real answer rather than a refusal for the whole open period
        states.of(open.get(0).deployment().label()).forceAcquire();
        return call(open.get(0), false);
      }
      if (last != null && lastError != null && sameDeploymentRetryable(lastError)
          && lastError.retryAfterSeconds() * 1000 <= routing.maxBackoff().toMillis()) {
        long delay = backoff(routing, lastError);
        if (clock.millis() + delay < request.deadline) {
          Promise<Outcome> later = Promise.promise();
          long timer = timers.set(delay, () -> (request.exchange.cancelled()
              ? Future.<Outcome>failedFuture(new GatewayException(ErrorKind.UPSTREAM_ERROR,
                  "The client went away before the answer.")) : retrySame()).onComplete(later));
          request.exchange.onCancel(() -> {
            timers.cancel(timer);
            later.tryFail(new GatewayException(ErrorKind.UPSTREAM_ERROR,
                "The client went away before the answer."));
          });
          return later.future();
        }
      }
      return giveUp();
    }

    private Future<Outcome> retrySame() {
      sameDeploymentRetries++;
      DeploymentState state = states.of(last.deployment().label());
      if (lastPermitted && !state.tryAcquire()) {
        return giveUp();
      }
      if (!lastPermitted) {
        state.forceAcquire();
      }
      return call(last, lastPermitted);
    }

    private Future<Outcome> giveUp() {
      return Future.failedFuture(lastError != null ? lastError
          : new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "Every deployment of `"
              + alias.name() + "` is cooling down after failures; try again shortly.", null,
              Math.max(1, alias.routing().breaker().openFor().toSeconds()), null));
    }

    /**
     * Takes the deployment's own limits (its provider's quota) for this request: false, with the
     * refusal noted, when one has no room, so the deployment is skipped before it is tried.
     */
    private Future<Boolean> quota(Route route) {
      Exchange exchange = request.exchange;
      List<Charge> charges = Admit.charges(route.deployment());
      if (limits == null || charges.isEmpty() || exchange.inputTokens() < 0) {
        return Future.succeededFuture(true);
      }
      Reservation reservation = new Reservation(charges, exchange.inputTokens(),
          exchange.outputTokens());
      return limits.reserve(reservation.debits()).map(admission -> {
        if (admission.admitted()) {
          exchange.reserved(reservation);
          quota = reservation;
          return true;
        }
        note(route, 0, Admit.refusal(charges, admission));
        return false;
      }).recover(e -> {
        note(route, 0, GatewayException.from(e));
        return Future.succeededFuture(false);
      });
    }

    /** A call that failed gives its deployment quota back. */
    private void refundQuota() {
      if (quota != null) {
        request.exchange.reservations().remove(quota);
        limits.adjust(quota.refund());
        quota = null;
      }
    }

    /** @param permitted whether the breaker let the call through (its result then counts) */
    private Future<Outcome> call(Route route, boolean permitted) {
      attempts++;
      last = route;
      lastPermitted = permitted;
      long remaining = request.deadline - clock.millis();
      DeploymentState state = states.of(route.deployment().label());
      if (remaining <= 0) {
        state.abandon(permitted);
        return Future.failedFuture(deadlinePassed());
      }
      Duration limit = Duration.ofMillis(Math.min(route.timeout().toMillis(), remaining));
      request.exchange.route(route.withTimeout(limit));
      long started = clock.millis();
      Future<Outcome> outcome;
      try {
        outcome = request.next.proceed(request.exchange);
      } catch (RuntimeException e) {
        outcome = Future.failedFuture(e);
      }
      return outcome
          .compose(o -> o instanceof Outcome.Streaming
              ? firstItem(route, state, (Outcome.Streaming) o, started, remaining, permitted)
              : Future.succeededFuture(o))
          .transform(ar -> {
            long millis = clock.millis() - started;
            if (ar.succeeded()) {
              if (ar.result() instanceof Outcome.Completed) {
                state.onSuccess(millis, false, permitted);
                state.release();
              }
              request.exchange.attempted(new Attempt(route.deploymentLabel(), alias.name(),
                  millis, null));
              return Future.succeededFuture(ar.result());
            }
            GatewayException e = GatewayException.from(ar.cause());
            refundQuota();
            if (request.exchange.cancelled()) {
              state.abandon(permitted); // the client left: not the deployment's failure
              return Future.failedFuture(e);
            }
            state.onFailure(millis, e, permitted);
            state.release();
            note(route, millis, e);
            lastError = e;
            if (!e.retryable()) {
              return Future.failedFuture(e);
            }
            return attempt();
          });
    }

    /** Waits for a stream's first item, within the first-token timeout and the deadline. */
    private Future<Outcome> firstItem(Route route, DeploymentState state,
        Outcome.Streaming streaming, long started, long remaining, boolean permitted) {
      Duration firstToken = alias.routing().firstTokenTimeout();
      long limit = firstToken == null ? remaining : Math.min(firstToken.toMillis(), remaining);
      @SuppressWarnings("unchecked")
      UpstreamStream<Object> stream = (UpstreamStream<Object>) streaming.stream();
      long idle = alias.routing().streamIdleTimeout().toMillis();
      long total = request.deadline - clock.millis();
      return FirstItem.await(stream, limit, idle, total, timers, cause -> {
        state.onStreamEnd(clock.millis() - started);
        state.release();
      }, request.exchange::onCancel).map(held -> {
        state.onSuccess(clock.millis() - started, true, permitted);
        return Outcome.streaming(held);
      });
    }

    private void note(Route route, long millis, GatewayException e) {
      request.exchange.attempted(new Attempt(route.deploymentLabel(), alias.name(), millis,
          e.kind().name().toLowerCase() + ": " + e.getMessage()));
    }

    private GatewayException deadlinePassed() {
      return lastError != null ? lastError : new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
          "The request's deadline passed before a deployment answered.");
    }

    /** Exponential with full jitter, at least the provider's {@code Retry-After}. */
    private long backoff(Routing routing, GatewayException e) {
      long base = routing.backoff().toMillis();
      long cap = routing.maxBackoff().toMillis();
      long exp = Math.min(cap, base << Math.min(20, sameDeploymentRetries));
      long jittered = (long) (random.nextDouble() * exp);
      return Math.max(jittered, e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() * 1000 : 0);
    }
  }

  /**
   * Calling the same deployment again is safe only when it refused the call outright: rate
   * limited or unavailable. A timeout or a broken answer may have been served (and billed).
   */
  static boolean sameDeploymentRetryable(GatewayException e) {
    return e.kind() == ErrorKind.UPSTREAM_RATE_LIMITED
        || e.kind() == ErrorKind.UPSTREAM_UNAVAILABLE;
  }

  /** The fallback aliases for a failure's class. */
  static List<String> fallbacksFor(ModelAlias alias, GatewayException e) {
    switch (e.kind()) {
      case CONTEXT_LENGTH:
        return alias.fallbacks().contextLength();
      case CONTENT_FILTERED:
        return alias.fallbacks().contentFilter();
      case UPSTREAM_RATE_LIMITED:
        return alias.fallbacks().rateLimit().isEmpty() ? alias.fallbacks().general()
            : alias.fallbacks().rateLimit();
      default:
        return e.retryable() ? alias.fallbacks().general() : List.of();
    }
  }

  /** Tokens the request is expected to use, for {@code lowest_cost}. */
  static Router.Estimate estimate(ApiCall call) {
    if (call instanceof ApiCall.Chat) {
      ChatRequest r = ((ApiCall.Chat) call).request();
      Integer max = r.params().maxTokens();
      return new Router.Estimate(TokenTexts.promptChars(r) / 4 + 1, max == null ? 256 : max);
    }
    return new Router.Estimate(0, 0);
  }
}
