package dev.gantry.policies.cache;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import dev.gantry.adapters.stream.CompletionReplay;
import dev.gantry.adapters.stream.ReplayStream;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.config.ApiKey;
import dev.gantry.config.CachePolicy;
import dev.gantry.config.CacheSettings;
import dev.gantry.config.ModelAlias;
import dev.gantry.policies.pipeline.ApiCall;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.pipeline.Next;
import dev.gantry.policies.pipeline.Outcome;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.policies.tokens.CompleteUsage;
import dev.gantry.adapters.model.CompletionRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache stage: a repeated request is answered from the cache without calling a
 * provider, and a fresh answer is stored for the next one. It sits after admission (a hit still
 * counts as a request; its tokens count against limits only when configured) and before usage
 * completion and failover.
 *
 * <ul>
 *   <li>What is cached: chat and legacy completions whose alias has the cache on and that ask for
 *       temperature 0 (or any request with {@code cache.any_temperature}); embeddings per input,
 *       only the uncached inputs of a batch sent to the provider. The key is the canonical
 *       request ({@link CacheKeys}) in the caller's namespace (key, team or global).</li>
 *   <li>A chat alias with {@code cache.semantic} ({@link SemanticCache}): on an exact miss, the
 *       answer of an earlier request of the same scope whose last user turn is similar enough
 *       ({@code x-gantry-cache-similarity}); after a miss, the new answer is indexed under the
 *       embedding computed for the lookup.</li>
 *   <li>{@code Cache-Control} ({@link CacheDirectives}): {@code no-cache} skips the lookup,
 *       {@code no-store} the storing, {@code max-age=N} refuses older entries,
 *       {@code only-if-cached} answers 504 on a miss.</li>
 *   <li>A streamed answer is stored only after it ended intact (every choice finished); a chat
 *       hit is replayed to a streaming request as the original chunks, and a whole answer is
 *       assembled for a non-streaming one (and the reverse). A streamed completion is stored
 *       whole and replayed as one chunk per choice. Error answers and content-filtered ones are
 *       never stored.</li>
 *   <li>Answers say {@code x-gantry-cache: hit|miss|bypass}; a hit also carries {@code age} and
 *       {@code x-gantry-cost-usd: 0}, and records no provider tokens; it counts against rate
 *       limits as a request, and as tokens only with {@code cache.hits_count_tokens}.</li>
 *   <li>A cache that cannot answer (Redis down or slow) counts as a miss; one that cannot store
 *       loses only the entry.</li>
 * </ul>
 */
public final class CacheAnswers implements Stage {

  /** The response header saying how the cache served the request. */
  public static final String HEADER = "x-gantry-cache";
  /** On a semantic hit: the cosine similarity of the request's last user turn to the cached one. */
  public static final String SIMILARITY_HEADER = "x-gantry-cache-similarity";

  private static final Logger LOG = LoggerFactory.getLogger(CacheAnswers.class);
  /** Streams longer than this are not recorded (their chunks would weigh too much to keep). */
  static final int MAX_CHUNKS = 100_000;
  /**
   * Requests whose key hashes more characters than this are keyed on a worker thread. Keying a
   * chat request took about 0.4 ms at 64 Ki characters, 4 ms at 1 Mi and 100 ms at 20 Mi (a large
   * inline image), timed by a throwaway loop after warm-up on the 2-core build machine.
   */
  static final int INLINE_HASH_CHARS = 64 * 1024;

  private final CacheSettings settings;
  private final ResponseCache store;
  private final SemanticCache semantic;
  private final Clock clock;
  private final CacheEvents events;

  /** What the stage reports, for metrics. */
  public interface CacheEvents {
    /**
     * A lookup's outcome for an alias: {@code hit}, {@code semantic_hit}, {@code miss} or
     * {@code bypass}.
     */
    void looked(String alias, String outcome);

    CacheEvents NONE = (alias, outcome) -> { };
  }

  /** A stage without a semantic cache. */
  public CacheAnswers(CacheSettings settings, ResponseCache store, Clock clock,
      CacheEvents events) {
    this(settings, store, null, clock, events);
  }

  /**
   * @param semantic the semantic cache of the aliases that have one, or null when none has
   */
  public CacheAnswers(CacheSettings settings, ResponseCache store, SemanticCache semantic,
      Clock clock, CacheEvents events) {
    this.settings = settings;
    this.store = store;
    this.semantic = semantic;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public Future<Outcome> apply(Exchange exchange, Next next) {
    ModelAlias alias = exchange.alias().orElseThrow(() -> new IllegalStateException("no alias"));
    ApiCall call = exchange.call();
    if (!alias.cache().enabled(settings) || !(call instanceof ApiCall.Chat
        || call instanceof ApiCall.Completion || call instanceof ApiCall.Embeddings)) {
      return next.proceed(exchange);
    }
    CacheDirectives directives = CacheDirectives.parse(exchange.cacheControl());
    String namespace = namespace(exchange.principal().orElse(null));
    if (call instanceof ApiCall.Embeddings) {
      return embeddings(exchange, next, alias, directives, namespace,
          (ApiCall.Embeddings) call);
    }
    GenerationParams params = call instanceof ApiCall.Chat
        ? ((ApiCall.Chat) call).request().params()
        : ((ApiCall.Completion) call).request().params();
    boolean streaming = call instanceof ApiCall.Chat
        ? ((ApiCall.Chat) call).request().stream()
        : ((ApiCall.Completion) call).request().stream();
    if (!Cacheability.eligible(params, settings.anyTemperature())) {
      return bypass(exchange, next, alias, directives);
    }
    Future<CacheKey> keyed;
    if (call instanceof ApiCall.Chat) {
      ChatRequest request = ((ApiCall.Chat) call).request();
      keyed = hashing(CacheKeys.weight(request), () ->
          CacheKeys.chat(namespace, alias.name(), request));
    } else {
      CompletionRequest request = ((ApiCall.Completion) call).request();
      keyed = hashing(CacheKeys.weight(request), () ->
          CacheKeys.completion(namespace, alias.name(), request));
    }
    return keyed.compose(key -> lookup(key, directives).compose(answer -> {
      if (answer != null) {
        return hit(exchange, alias, answer, streaming, "hit");
      }
      return semanticLookup(exchange, alias, namespace, call, directives).compose(found -> {
        if (found.answer() != null) {
          exchange.headers().put(SIMILARITY_HEADER, String.format(java.util.Locale.ROOT, "%.4f",
              found.probe().match().similarity()));
          return hit(exchange, alias, found.answer(), streaming, "semantic_hit");
        }
        events.looked(alias.name(), "miss");
        if (directives.onlyIfCached()) {
          return Future.failedFuture(notCached());
        }
        exchange.headers().put(HEADER, "miss");
        return next.proceed(exchange).map(outcome -> directives.mayStore()
            ? keep(key, alias, outcome, found.probe(), call instanceof ApiCall.Completion)
            : outcome);
      });
    }));
  }

  /**
   * Work that hashes about {@code chars} characters of a request (its cache key): done at once
   * when small, on a worker thread when larger than {@value #INLINE_HASH_CHARS} characters, so
   * that a request with a large inline image does not hold up an event loop.
   */
  static <T> Future<T> hashing(long chars, Callable<T> work) {
    Context context = Vertx.currentContext();
    if (chars <= INLINE_HASH_CHARS || context == null) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return context.executeBlocking(work, false);
  }

  /** What the semantic cache found: its probe (null when not asked) and the answer, or null. */
  private record Semantic(SemanticCache.Probe probe, CachedAnswer answer) {
    static final Semantic NONE = new Semantic(null, null);
  }

  /**
   * On an exact miss of a chat request whose alias has a semantic cache: the answer of the
   * nearest earlier request of the same scope, if its entry is still there and young enough.
   */
  private Future<Semantic> semanticLookup(Exchange exchange, ModelAlias alias, String namespace,
      ApiCall call, CacheDirectives directives) {
    CachePolicy.Semantic policy = alias.cache().semantic();
    if (semantic == null || policy == null || !(call instanceof ApiCall.Chat)
        || !(directives.mayRead() || directives.mayStore())) {
      return Future.succeededFuture(Semantic.NONE);
    }
    ChatRequest request = ((ApiCall.Chat) call).request();
    String text = CacheKeys.lastUserText(request);
    if (text == null) {
      return Future.succeededFuture(Semantic.NONE);
    }
    return hashing(CacheKeys.weight(request), () ->
            CacheKeys.semanticScope(namespace, alias.name(), request))
        .compose(scope -> semantic.probe(scope, policy, text, exchange.requestId()))
        .compose(probe -> probe.match() == null || !directives.mayRead()
            ? Future.succeededFuture(new Semantic(probe, null))
            : lookup(probe.match().answerKey(), directives)
                .map(answer -> new Semantic(probe, answer)));
  }

  /** An entry under {@code key} the directives accept, or null (also when the store failed). */
  private Future<CachedAnswer> lookup(CacheKey key, CacheDirectives directives) {
    if (!directives.mayRead()) {
      return Future.succeededFuture();
    }
    return store.get(key).map(bytes -> {
      if (bytes == null) {
        return null;
      }
      CachedAnswer answer = CachedAnswer.decode(bytes);
      return directives.accepts(age(answer)) ? answer : null;
    }).recover(e -> {
      LOG.debug("cache lookup failed, served as a miss: {}", e.toString());
      return Future.succeededFuture();
    });
  }

  private Duration age(CachedAnswer answer) {
    return Duration.ofMillis(Math.max(0, clock.millis() - answer.storedAtMillis()));
  }

  private Future<Outcome> hit(Exchange exchange, ModelAlias alias, CachedAnswer answer,
      boolean streaming, String outcome) {
    events.looked(alias.name(), outcome);
    long age = age(answer).toSeconds();
    exchange.cacheHit(new Exchange.CacheHit(age, settings.hitsCountTokens()));
    exchange.headers().put(HEADER, "hit");
    exchange.headers().put("age", Long.toString(age));
    exchange.headers().put(CompleteUsage.COST_HEADER, "0");
    Object value = answer.value();
    if (value instanceof CompletionResponse) {
      return Future.succeededFuture(streaming
          ? Outcome.streaming(new ReplayStream<>(Vertx.currentContext(),
              CompletionReplay.chunks((CompletionResponse) value)))
          : Outcome.completed(value));
    }
    if (streaming) {
      return Future.succeededFuture(Outcome.streaming(
          new ReplayStream<>(Vertx.currentContext(), answer.chatChunks())));
    }
    return Future.succeededFuture(Outcome.completed(answer.chatResponse()));
  }

  private Future<Outcome> bypass(Exchange exchange, Next next, ModelAlias alias,
      CacheDirectives directives) {
    if (directives.onlyIfCached()) {
      return Future.failedFuture(notCached());
    }
    events.looked(alias.name(), "bypass");
    exchange.headers().put(HEADER, "bypass");
    return next.proceed(exchange);
  }

  /** The outcome, its answer stored on the way when it is one to keep. */
  @SuppressWarnings("unchecked")
  private Outcome keep(CacheKey key, ModelAlias alias, Outcome outcome,
      SemanticCache.Probe probe, boolean completion) {
    Duration ttl = alias.cache().ttl(settings);
    Runnable stored = probe == null ? () -> { } : () -> semantic.remember(probe, key, ttl);
    if (outcome instanceof Outcome.Streaming && completion) {
      UpstreamStream<?> stream = ((Outcome.Streaming) outcome).stream();
      return Outcome.streaming(RecordingStream.completion(
          (UpstreamStream<CompletionResponse>) stream, MAX_CHUNKS, chunks ->
              keepCompletion(key, CompletionReplay.assemble(chunks), ttl)));
    }
    if (outcome instanceof Outcome.Streaming) {
      UpstreamStream<?> stream = ((Outcome.Streaming) outcome).stream();
      return Outcome.streaming(RecordingStream.chat((UpstreamStream<ChatChunk>) stream,
          MAX_CHUNKS, chunks -> {
            if (!filtered(new CachedAnswer(0, chunks).chatResponse())) {
              put(key, new CachedAnswer(clock.millis(), chunks), ttl).onSuccess(v -> stored.run());
            }
          }));
    }
    Object response = ((Outcome.Completed) outcome).response();
    if (response instanceof ChatResponse && !filtered((ChatResponse) response)
        && !((ChatResponse) response).choices().isEmpty()) {
      put(key, new CachedAnswer(clock.millis(), response), ttl).onSuccess(v -> stored.run());
    } else if (response instanceof CompletionResponse) {
      keepCompletion(key, (CompletionResponse) response, ttl);
    }
    return outcome;
  }

  /** Stores a completion (a streamed one as a whole) unless it was cut or filtered. */
  private void keepCompletion(CacheKey key, CompletionResponse response, Duration ttl) {
    if (!response.choices().isEmpty() && response.choices().stream()
        .noneMatch(c -> c.finishReason() == FinishReason.CONTENT_FILTER)) {
      put(key, new CachedAnswer(clock.millis(), response), ttl);
    }
  }

  private static boolean filtered(ChatResponse response) {
    return response.choices().stream()
        .anyMatch(c -> c.finishReason() == FinishReason.CONTENT_FILTER);
  }

  /** Stores an answer; the future fails when it was not stored (and says so in the log). */
  private Future<Void> put(CacheKey key, CachedAnswer answer, Duration ttl) {
    byte[] bytes;
    try {
      bytes = answer.encode();
    } catch (RuntimeException e) {
      LOG.warn("an answer could not be cached: {}", e.toString());
      return Future.failedFuture(e);
    }
    return store.put(key, bytes, ttl).onFailure(e ->
        LOG.debug("cache store failed, entry dropped: {}", e.toString()));
  }

  /**
   * Embeddings, cached per input: the inputs whose vectors are cached (and young enough) are
   * answered from the cache, and only the others are sent to the provider, whose vectors are
   * stored for next time; the answer has every vector in input order. A request wholly answered
   * from the cache is a {@code hit} with zero usage; one that needed the provider is a
   * {@code miss} (with {@code x-gantry-cache-inputs: <cached>/<all>}) and the provider's usage.
   */
  private Future<Outcome> embeddings(Exchange exchange, Next next, ModelAlias alias,
      CacheDirectives directives, String namespace, ApiCall.Embeddings call) {
    return hashing(CacheKeys.weight(call.request()), () ->
            CacheKeys.embeddings(namespace, alias.name(), call.request()))
        .compose(keys -> embeddings(exchange, next, alias, directives, call, keys));
  }

  private Future<Outcome> embeddings(Exchange exchange, Next next, ModelAlias alias,
      CacheDirectives directives, ApiCall.Embeddings call, List<CacheKey> keys) {
    List<Future<CachedAnswer>> lookups = new ArrayList<>(keys.size());
    for (CacheKey key : keys) {
      lookups.add(lookup(key, directives));
    }
    return Future.all(lookups).compose(all -> {
      float[][] vectors = new float[keys.size()][];
      List<Integer> missing = new ArrayList<>();
      long oldest = 0;
      for (int i = 0; i < keys.size(); i++) {
        CachedAnswer answer = all.resultAt(i);
        if (answer != null && answer.value() instanceof float[]) {
          vectors[i] = (float[]) answer.value();
          oldest = Math.max(oldest, age(answer).toSeconds());
        } else {
          missing.add(i);
        }
      }
      if (missing.isEmpty() && !keys.isEmpty()) {
        events.looked(alias.name(), "hit");
        exchange.cacheHit(new Exchange.CacheHit(oldest, settings.hitsCountTokens()));
        exchange.headers().put(HEADER, "hit");
        exchange.headers().put("age", Long.toString(oldest));
        exchange.headers().put(CompleteUsage.COST_HEADER, "0");
        return Future.succeededFuture(Outcome.completed(new EmbeddingResponse(
            List.of(vectors), Usage.ZERO)));
      }
      if (directives.onlyIfCached()) {
        events.looked(alias.name(), "miss");
        return Future.failedFuture(notCached());
      }
      events.looked(alias.name(), "miss");
      exchange.headers().put(HEADER, "miss");
      exchange.headers().put("x-gantry-cache-inputs",
          (keys.size() - missing.size()) + "/" + keys.size());
      boolean narrowed = missing.size() < keys.size();
      if (narrowed) {
        exchange.call(new ApiCall.Embeddings(only(call.request(), missing)));
      }
      return next.proceed(exchange).map(outcome -> {
        exchange.call(call);
        if (!(outcome instanceof Outcome.Completed)
            || !(((Outcome.Completed) outcome).response() instanceof EmbeddingResponse)) {
          return outcome;
        }
        EmbeddingResponse got = (EmbeddingResponse) ((Outcome.Completed) outcome).response();
        if (got.vectors().size() != missing.size()) {
          return outcome;
        }
        Duration ttl = alias.cache().ttl(settings);
        for (int m = 0; m < missing.size(); m++) {
          int i = missing.get(m);
          vectors[i] = got.vectors().get(m);
          if (directives.mayStore()) {
            put(keys.get(i), new CachedAnswer(clock.millis(), vectors[i]), ttl);
          }
        }
        return narrowed ? Outcome.completed(new EmbeddingResponse(List.of(vectors), got.usage()))
            : outcome;
      }).onFailure(e -> exchange.call(call));
    });
  }

  /** The request with only the inputs at {@code indices}. */
  private static EmbeddingRequest only(EmbeddingRequest request, List<Integer> indices) {
    EmbeddingInput input = request.input();
    EmbeddingInput subset;
    if (input instanceof EmbeddingInput.Texts) {
      List<String> texts = ((EmbeddingInput.Texts) input).texts();
      subset = new EmbeddingInput.Texts(indices.stream().map(texts::get).toList());
    } else {
      List<int[]> ids = ((EmbeddingInput.TokenIds) input).inputs();
      subset = new EmbeddingInput.TokenIds(indices.stream().map(ids::get).toList());
    }
    return new EmbeddingRequest(request.model(), subset, request.dimensions(), request.user(),
        request.extensions());
  }

  private String namespace(ApiKey key) {
    return CacheKeys.namespace(settings.scope(), key == null ? null : key.name(),
        key == null ? null : key.team());
  }

  private static GatewayException notCached() {
    return new GatewayException(ErrorKind.NOT_CACHED,
        "No cached answer for this request, and Cache-Control: only-if-cached forbids asking the"
            + " model.");
  }
}
