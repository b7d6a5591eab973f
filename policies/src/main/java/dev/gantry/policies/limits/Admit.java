package dev.gantry.policies.limits;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.Team;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.policies.tokens.ProviderCounts;
import dev.gantry.policies.tokens.TokenCounter;
import dev.gantry.policies.tokens.TokenTexts;
import dev.gantry.policies.tokens.Tokens;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission: before the call, the request's input tokens are counted with the model's tokenizer
 * and, with its maximum output, reserved on every limit that applies (the key's, its team's, the
 * model's) in one atomic step; a limit without room refuses the request with 429, a
 * {@code Retry-After} and a message naming the limit. After the call the reservation is
 * reconciled with the usage the provider reported (or the gateway counted): tokens charged as
 * used, the rest refunded, concurrency released — for streams when they end, and when they
 * break or are abandoned (then the input as counted and the output generated until then).
 * Deployments' own limits are taken per attempt by the failover stage, with the estimate made
 * here. An alias configured {@code tokenizer: provider} has its chat prompts counted by its
 * provider ({@link ProviderCounts}), falling back to the estimate. OpenAI-style
 * {@code x-ratelimit-*} headers describe the key's (else the team's, else the model's) request and
 * token limits.
 */
public final class Admit implements Stage {

  /** Output tokens reserved when a request sets no maximum (reconciled with the real count). */
  public static final long DEFAULT_OUTPUT_TOKENS = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Admit.class);

  private final Function<String, Optional<Team>> teams;
  private final Supplier<Tokens> tokens;
  private final LimitStore store;
  private final ProviderCounts providerCounts;

  /** Admission where no alias is counted by its provider (such aliases are estimated). */
  public Admit(Function<String, Optional<Team>> teams, Supplier<Tokens> tokens, LimitStore store) {
    this(teams, tokens, store, ProviderCounts.NONE);
  }

  /**
   * @param teams the team of a given name (the configuration's, or the state store's)
   * @param providerCounts counts for the aliases configured {@code tokenizer: provider}
   */
  public Admit(Function<String, Optional<Team>> teams, Supplier<Tokens> tokens, LimitStore store,
      ProviderCounts providerCounts) {
    this.teams = teams;
    this.tokens = tokens;
    this.store = store;
    this.providerCounts = providerCounts;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    ModelAlias alias = exchange.alias().orElseThrow(() -> new IllegalStateException("no alias"));
    List<Charge> charges = charges(exchange.principal().orElse(null), alias);
    boolean deploymentLimits = alias.deployments().stream()
        .anyMatch(d -> !d.limits().isEmpty());
    if (charges.isEmpty() && !deploymentLimits) {
      return next.proceed(exchange);
    }
    return estimate(exchange, alias).compose(estimate -> {
      exchange.tokenEstimate(estimate[0], estimate[1]);
      if (charges.isEmpty()) {
        return serve(exchange, next);
      }
      Reservation reservation = new Reservation(charges, estimate[0], estimate[1]);
      return store.reserve(reservation.debits()).compose(admission -> {
        headers(exchange, charges, admission);
        if (!admission.admitted()) {
          return Future.failedFuture(refusal(charges, admission));
        }
        exchange.reserved(reservation);
        return serve(exchange, next);
      });
    });
  }

  private List<Charge> charges(ApiKey key, ModelAlias alias) {
    List<Charge> out = new ArrayList<>();
    if (key != null) {
      out.addAll(Charge.of("key:" + key.name(), "key " + key.name(), key.limits()));
      if (key.team() != null) {
        Team team = teams.apply(key.team()).orElse(null);
        if (team != null) {
          out.addAll(Charge.of("team:" + team.name(), "team " + team.name(), team.limits()));
        }
      }
    }
    out.addAll(Charge.of("model:" + alias.name(), "model " + alias.name(), alias.limits()));
    return out;
  }

  /** The charges of a deployment's own limits (its provider's quota). */
  public static List<Charge> charges(Deployment deployment) {
    return Charge.of("deployment:" + deployment.label(), "deployment " + deployment.label(),
        deployment.limits());
  }

  /** {input tokens counted by the model's tokenizer, output tokens to reserve}. */
  private Future<long[]> estimate(Exchange exchange, ModelAlias alias) {
    Tokens t = tokens.get();
    TokenCounter counter = t.counter(alias.name());
    ApiCall call = exchange.call();
    if (call instanceof ApiCall.Chat) {
      ApiCall.Chat chat = (ApiCall.Chat) call;
      Integer max = chat.request().params().maxTokens();
      long output = max != null ? max : DEFAULT_OUTPUT_TOKENS;
      Supplier<Future<Integer>> local = () -> t.count(counter,
          TokenTexts.promptWork(counter, chat.request()),
          () -> TokenTexts.prompt(counter, chat.request()));
      Future<Integer> input = alias.tokenizer().kind() == TokenizerSpec.Kind.PROVIDER
          ? providerCounts.chatPrompt(alias, chat.request(), exchange.requestId(), local)
          : local.get();
      return input.map(n -> new long[] {n, output});
    }
    if (call instanceof ApiCall.Completion) {
      ApiCall.Completion c = (ApiCall.Completion) call;
      Integer max = c.request().params().maxTokens();
      long output = max != null ? max : DEFAULT_OUTPUT_TOKENS;
      return t.count(counter, c.request().prompt().toString().length(),
          () -> new long[] {TokenTexts.prompt(counter, c.request()), output});
    }
    if (call instanceof ApiCall.Embeddings) {
      ApiCall.Embeddings e = (ApiCall.Embeddings) call;
      return t.count(counter, TokenTexts.embeddingChars(e.request().input()),
          () -> new long[] {TokenTexts.embedding(counter, e.request().input()), 0});
    }
    return Future.succeededFuture(new long[] {0, 0});
  }

  private Future<Outcome> serve(Exchange exchange, Next next) {
    return next.proceed(exchange).transform(ar -> {
      if (ar.failed()) {
        settle(exchange, null, true);
        return Future.failedFuture(ar.cause());
      }
      Outcome outcome = ar.result();
      if (outcome instanceof Outcome.Completed) {
        settle(exchange, usageOf(((Outcome.Completed) outcome).response()), false);
        return Future.succeededFuture(outcome);
      }
      @SuppressWarnings("unchecked")
      UpstreamStream<Object> stream =
          (UpstreamStream<Object>) ((Outcome.Streaming) outcome).stream();
      return Future.succeededFuture(Outcome.streaming(new SettlingStream<>(stream, Admit::usageOf,
          Admit::appendGenerated, (usage, generated) -> {
            if (usage != null) {
              settle(exchange, usage, false);
            } else {
              settleCutShort(exchange, generated);
            }
          })));
    });
  }

  /**
   * Reconciles a stream that broke or was abandoned before it reported usage: its input as
   * counted, and its output as the tokens of the text generated until then.
   */
  private void settleCutShort(Exchange exchange, String generated) {
    ModelAlias alias = exchange.alias().orElse(null);
    if (alias == null || exchange.reservations().isEmpty()) {
      return;
    }
    Tokens t = tokens.get();
    TokenCounter counter = t.counter(alias.name());
    t.count(counter, generated.length(), () -> counter.count(generated)).onComplete(ar -> {
      List<Debit> corrections = new ArrayList<>();
      for (Reservation r : exchange.reservations()) {
        corrections.addAll(ar.succeeded() ? r.reconcileOutput(ar.result())
            : r.reconcile(null, null));
      }
      if (!corrections.isEmpty()) {
        store.adjust(corrections).onFailure(e ->
            LOG.warn("request_id={} rate-limit reconciliation failed: {}", exchange.requestId(),
                e.getMessage()));
      }
    });
  }

  static void appendGenerated(Object item, StringBuilder into) {
    if (item instanceof ChatChunk) {
      TokenTexts.appendGenerated((ChatChunk) item, into);
    } else if (item instanceof CompletionResponse) {
      for (CompletionResponse.Choice choice : ((CompletionResponse) item).choices()) {
        if (choice.text() != null) {
          into.append(choice.text());
        }
      }
    }
  }

  /** Reconciles every reservation of the request (the failed ones are refunded). */
  private void settle(Exchange exchange, Usage usage, boolean failed) {
    if (usage != null && exchange.cacheHit().filter(hit -> !hit.countsTokens()).isPresent()) {
      usage = Usage.ZERO;
    }
    List<Debit> corrections = new ArrayList<>();
    for (Reservation r : exchange.reservations()) {
      corrections.addAll(failed ? r.refund() : usage == null ? r.reconcile(null, null)
          : r.reconcile((long) usage.promptTokens(), (long) usage.completionTokens()));
    }
    if (!corrections.isEmpty()) {
      store.adjust(corrections).onFailure(e ->
          LOG.warn("request_id={} rate-limit reconciliation failed: {}", exchange.requestId(),
              e.getMessage()));
    }
  }

  static Usage usageOf(Object item) {
    if (item instanceof ChatResponse) {
      return ((ChatResponse) item).usage();
    }
    if (item instanceof ChatChunk) {
      return ((ChatChunk) item).usage();
    }
    if (item instanceof CompletionResponse) {
      return ((CompletionResponse) item).usage();
    }
    if (item instanceof EmbeddingResponse) {
      return ((EmbeddingResponse) item).usage();
    }
    if (item instanceof ImageResponse) {
      return ((ImageResponse) item).usage();
    }
    return null;
  }

  /** A 429 naming the limit without room, with when to try again. */
  public static GatewayException refusal(List<Charge> charges, Admission admission) {
    Charge limit = charges.stream().filter(c -> c.bucket().key().equals(admission.limiting()))
        .findFirst().orElse(charges.get(0));
    long seconds = admission.retryAfterMillis() < 0 ? 1
        : Math.max(1, (admission.retryAfterMillis() + 999) / 1000);
    return new GatewayException(ErrorKind.RATE_LIMITED, "Rate limit reached for "
        + limit.owner() + " on " + limit.measure().description() + ": limit "
        + limit.bucket().capacity() + ". Please try again in " + seconds + "s.", null, seconds,
        null);
  }

  /**
   * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} of the first owner (key, team,
   * model) that has such a limit.
   */
  private static void headers(Exchange exchange, List<Charge> charges, Admission admission) {
    header(exchange, charges, admission, Measure.REQUESTS, "requests");
    header(exchange, charges, admission, Measure.TOKENS, "tokens");
  }

  private static void header(Exchange exchange, List<Charge> charges, Admission admission,
      Measure measure, String suffix) {
    for (Charge c : charges) {
      if (c.measure() == measure) {
        Map<String, Long> remaining = admission.remaining();
        long left = Math.max(0, remaining.getOrDefault(c.bucket().key(),
            c.bucket().capacity()));
        long capacity = c.bucket().capacity();
        long resetMillis = (capacity - Math.min(capacity, left)) * c.bucket().windowMillis()
            / capacity;
        exchange.headers().put("x-ratelimit-limit-" + suffix, Long.toString(capacity));
        exchange.headers().put("x-ratelimit-remaining-" + suffix, Long.toString(left));
        exchange.headers().put("x-ratelimit-reset-" + suffix, duration(resetMillis));
        return;
      }
    }
  }

  /** OpenAI's format: {@code 20ms}, {@code 1s}, {@code 6m0s}. */
  static String duration(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = (millis + 999) / 1000;
    return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
  }
}
