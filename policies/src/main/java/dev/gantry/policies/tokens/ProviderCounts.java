package dev.gantry.policies.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.spi.CountCall;
import dev.gantry.adapters.spi.InputTokenCounting;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat prompts counted by the provider, for aliases configured {@code tokenizer: provider}: the
 * alias's counting deployment (its first serving one) counts the request as its adapter would send
 * it ({@link InputTokenCounting}). Answers are cached by request shape (a hash of the translated
 * request; at most {@value #MAX_SHAPES}, each for {@link #TTL}), so a client retrying the same
 * prompt costs one count call. A count that fails or takes longer than its timeout falls back to
 * the estimate, logged at debug and counted in {@link #fallbacks()}: counting never fails the
 * user's request. Only counts that succeeded are cached; concurrent first requests of one shape
 * may each ask.
 */
public final class ProviderCounts {

  /** How long a count call may take before the estimate is used instead. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** How long a shape's count is kept. */
  public static final Duration TTL = Duration.ofMinutes(1);
  static final long MAX_SHAPES = 10_000;

  /** No alias has a counting deployment: every count is the estimate. */
  public static final ProviderCounts NONE = new ProviderCounts(alias -> Optional.empty());

  private static final Logger LOG = LoggerFactory.getLogger(ProviderCounts.class);

  /** Where an alias's prompts are counted: a deployment and its provider's adapter. */
  public record Target(ProviderAdapter adapter, Deployment deployment) {
    public Target {
      Objects.requireNonNull(adapter, "adapter");
      Objects.requireNonNull(deployment, "deployment");
    }
  }

  private final Function<String, Optional<Target>> targets;
  private final Duration timeout;
  private final Cache<String, Integer> shapes;
  private final AtomicLong fallbacks = new AtomicLong();

  /** Counts with {@link #TIMEOUT} on the system ticker. */
  public ProviderCounts(Function<String, Optional<Target>> targets) {
    this(targets, TIMEOUT, Ticker.systemTicker());
  }

  /**
   * @param targets the counting deployment of an alias (by name), if any
   * @param timeout what a count call may take
   * @param ticker the cache's clock
   */
  public ProviderCounts(Function<String, Optional<Target>> targets, Duration timeout,
      Ticker ticker) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.shapes = Caffeine.newBuilder().maximumSize(MAX_SHAPES).expireAfterWrite(TTL)
        .ticker(ticker).build();
  }

  /**
   * The prompt tokens of {@code request} to {@code alias} as its provider counts them; else what
   * {@code estimate} yields.
   */
  public Future<Integer> chatPrompt(ModelAlias alias, ChatRequest request, String requestId,
      Supplier<Future<Integer>> estimate) {
    Target target = targets.apply(alias.name()).orElse(null);
    if (target == null || !(target.adapter() instanceof InputTokenCounting)) {
      return fallBack(alias, requestId, "no deployment that counts", estimate);
    }
    Deployment d = target.deployment();
    Invocation<ChatRequest> call = new Invocation<>(request, d.model(), d.options(), requestId,
        timeout);
    return bounded(((InputTokenCounting) target.adapter()).prepareCount(call)
        .compose(this::cached))
        .recover(e -> fallBack(alias, requestId, e.getMessage(), estimate));
  }

  /**
   * The count, or a failure once {@link #timeout} has passed: the call's own deadline covers the
   * HTTP exchange, this also covers what comes before it (inlining images, minting a token). On
   * an event loop the timer runs there; elsewhere (tests) the count is awaited as it is.
   */
  private Future<Integer> bounded(Future<Integer> count) {
    Context context = Vertx.currentContext();
    if (context == null || count.isComplete()) {
      return count;
    }
    Promise<Integer> result = Promise.promise();
    long timer = context.owner().setTimer(timeout.toMillis(), id -> result.tryFail(
        new java.util.concurrent.TimeoutException("no count within " + timeout.toMillis() + " ms")));
    count.onComplete(ar -> {
      context.owner().cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  /** How many counts fell back to the estimate so far. */
  public long fallbacks() {
    return fallbacks.get();
  }

  private Future<Integer> cached(CountCall call) {
    Integer known = shapes.getIfPresent(call.shape());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return call.send().get().onSuccess(count -> shapes.put(call.shape(), count));
  }

  private Future<Integer> fallBack(ModelAlias alias, String requestId, String why,
      Supplier<Future<Integer>> estimate) {
    fallbacks.incrementAndGet();
    LOG.debug("request_id={} model={} provider token count unavailable, estimating: {}",
        requestId, alias.name(), why);
    return estimate.get();
  }
}
