package dev.gantry.adapters.local;

import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} provider: embeddings from all-MiniLM-L6-v2 run inside the gateway
 * ({@link MiniLmEmbedder}), so a fresh install answers {@code /v1/embeddings} with no other
 * service. The model loads on the {@code gantry-local} worker pool, on first use or at
 * {@link #warmUp()}; each request is cut into batches of {@code maxBatch} texts of similar length,
 * embedded in parallel on that pool.
 *
 * <p>The deployment's model must be {@value MiniLmEmbedder#MODEL}. Requests for token-id input or
 * for a {@code dimensions} other than 384 fail with {@link ErrorKind#UNSUPPORTED}: MiniLM was not
 * trained to keep meaning in a prefix of its vector (as Matryoshka models are), so shortening it
 * would silently degrade the results. Usage counts each text's word pieces, even past the
 * 256-piece window the model reads.
 */
public final class LocalEmbeddingAdapter implements ProviderAdapter {

  /** The worker pool's name; its threads are named {@code gantry-local-<n>}. */
  public static final String POOL = "gantry-local";
  static final int DEFAULT_MAX_BATCH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(LocalEmbeddingAdapter.class);

  private final WorkerExecutor worker;
  private final int maxBatch;
  private final Callable<? extends TextEmbedder> loader;
  /** Null until the first use; then loading, loaded, or {@link #closedMarker} once closed. */
  private final AtomicReference<Future<TextEmbedder>> model = new AtomicReference<>();
  private final Vertx vertx;
  private final Future<TextEmbedder> closedMarker = Future.failedFuture(
      new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "The local provider is closed."));

  /**
   * @param settings {@code threads} sizes the worker pool (0: half the cores, at least 1), and
   *     {@code maxBatch} the texts per model run (0: 32)
   */
  public LocalEmbeddingAdapter(Vertx vertx, ProviderSettings.Local settings) {
    this(vertx, settings, intraOpLoader(poolSize(settings)));
  }

  LocalEmbeddingAdapter(Vertx vertx, ProviderSettings.Local settings,
      Callable<? extends TextEmbedder> loader) {
    this.maxBatch = settings.maxBatch() == 0 ? DEFAULT_MAX_BATCH
        : positive(settings.maxBatch(), "maxBatch");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.worker = vertx.createSharedWorkerExecutor(POOL, poolSize(settings));
    this.vertx = vertx;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.EMBEDDINGS);
  }

  /** Loads the model now rather than on the first request; fails as the first request would. */
  public Future<Void> warmUp() {
    return model().mapEmpty();
  }

  @Override
  public Future<EmbeddingResponse> embed(Invocation<EmbeddingRequest> call) {
    GatewayException rejected = validate(call);
    if (rejected != null) {
      return Future.failedFuture(rejected);
    }
    List<String> texts = ((EmbeddingInput.Texts) call.request().input()).texts();
    if (texts.isEmpty()) {
      return Future.succeededFuture(new EmbeddingResponse(List.of(), Usage.ZERO));
    }
    long budget = call.timeout().toMillis();
    return model()
        .compose(embedder -> embedAll(embedder, texts))
        .timeout(budget, TimeUnit.MILLISECONDS)
        .recover(t -> Future.failedFuture(timeoutOr(t, budget)));
  }

  /** Closes the model once the runs in progress end, then the worker pool. */
  @Override
  public Future<Void> close() {
    Future<TextEmbedder> loaded = model.getAndSet(closedMarker);
    if (loaded == closedMarker) {
      return Future.succeededFuture();
    }
    Future<Void> released = loaded == null ? Future.succeededFuture()
        : loaded.transform(ar -> ar.succeeded()
            ? worker.executeBlocking(() -> closeModel(ar.result()), false)
            : Future.succeededFuture());
    return released.eventually(worker::close);
  }

  private GatewayException validate(Invocation<EmbeddingRequest> call) {
    if (!MiniLmEmbedder.MODEL.equalsIgnoreCase(call.upstreamModel())) {
      return GatewayException.unsupported("The local provider serves only " + MiniLmEmbedder.MODEL
          + ", not `" + call.upstreamModel() + "`; fix this deployment's model.", null);
    }
    EmbeddingRequest request = call.request();
    if (request.input() instanceof EmbeddingInput.TokenIds) {
      return GatewayException.unsupported("The local provider embeds text only: token ids from"
          + " another tokenizer mean nothing to " + MiniLmEmbedder.MODEL + ".", "input");
    }
    Integer dimensions = request.dimensions();
    if (dimensions != null && dimensions != MiniLmEmbedder.DIMENSIONS) {
      return GatewayException.unsupported(MiniLmEmbedder.MODEL + " returns "
          + MiniLmEmbedder.DIMENSIONS + "-dimension vectors only; `dimensions` " + dimensions
          + " cannot be honoured.", "dimensions");
    }
    return null;
  }

  /**
   * The loaded model, continuing on the caller's context: callers that joined a load another
   * event loop started must not continue on that other loop.
   */
  private Future<TextEmbedder> model() {
    Future<TextEmbedder> shared = sharedModel();
    if (shared.isComplete()) {
      return shared;
    }
    Context caller = vertx.getOrCreateContext();
    Promise<TextEmbedder> here = Promise.promise();
    shared.onComplete(ar -> caller.runOnContext(v -> here.handle(ar)));
    return here.future();
  }

  /** The model, loading it once on the worker pool; a failed load is retried next time. */
  private Future<TextEmbedder> sharedModel() {
    Future<TextEmbedder> current = model.get();
    if (current != null) {
      return current;
    }
    Promise<TextEmbedder> promise = Promise.promise();
    if (!model.compareAndSet(null, promise.future())) {
      return model.get();
    }
    worker.executeBlocking(this::load, false).onComplete(ar -> {
      if (ar.failed()) {
        model.compareAndSet(promise.future(), null);
        promise.fail(new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
            "The local embedding model could not be loaded.", null, -1, ar.cause()));
      } else {
        promise.complete(ar.result());
      }
    });
    return promise.future();
  }

  private TextEmbedder load() throws Exception {
    long start = System.nanoTime();
    try {
      TextEmbedder embedder = loader.call();
      LOG.info("local model loaded model={} ms={}", MiniLmEmbedder.MODEL,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      return embedder;
    } catch (Exception | LinkageError e) {
      LOG.error("local model failed to load model={}", MiniLmEmbedder.MODEL, e);
      throw e;
    }
  }

  /** Groups texts of similar length (less padding), one blocking task per batch. */
  private Future<EmbeddingResponse> embedAll(TextEmbedder embedder, List<String> texts) {
    int[] order = IntStream.range(0, texts.size()).boxed()
        .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
        .mapToInt(Integer::intValue).toArray();
    List<Future<Batch>> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += maxBatch) {
      int[] indices = Arrays.copyOfRange(order, from, Math.min(from + maxBatch, order.length));
      batches.add(worker.executeBlocking(() -> embedBatch(embedder, texts, indices), false));
    }
    return Future.all(batches).map(done -> assemble(texts.size(), batches));
  }

  private static Batch embedBatch(TextEmbedder embedder, List<String> texts, int[] indices) {
    List<String> batch = new ArrayList<>(indices.length);
    int tokens = 0;
    for (int index : indices) {
      String text = texts.get(index);
      batch.add(text);
      tokens += embedder.countTokens(text);
    }
    try {
      return new Batch(indices, embedder.embed(batch), tokens);
    } catch (RuntimeException e) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The local embedding model failed to run.", null, -1, e);
    }
  }

  private static EmbeddingResponse assemble(int size, List<Future<Batch>> batches) {
    float[][] vectors = new float[size][];
    int tokens = 0;
    for (Future<Batch> done : batches) {
      Batch batch = done.result();
      for (int i = 0; i < batch.indices().length; i++) {
        vectors[batch.indices()[i]] = batch.vectors()[i];
      }
      tokens += batch.tokens();
    }
    return new EmbeddingResponse(Arrays.asList(vectors), Usage.of(tokens, 0));
  }

  private static Throwable timeoutOr(Throwable t, long budgetMillis) {
    if (t instanceof TimeoutException) {
      return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
          "The local embedding model did not answer within " + budgetMillis + " ms.", null, -1, t);
    }
    return GatewayException.from(t);
  }

  private static Void closeModel(TextEmbedder embedder) {
    embedder.close();
    return null;
  }

  private static int poolSize(ProviderSettings.Local settings) {
    return settings.threads() == 0
        ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2)
        : positive(settings.threads(), "threads");
  }

  /** Divides the cores between the pool's threads, so that parallel runs do not oversubscribe. */
  private static Callable<MiniLmEmbedder> intraOpLoader(int poolSize) {
    int intraOp = Math.max(1, Runtime.getRuntime().availableProcessors() / poolSize);
    return () -> MiniLmEmbedder.load(intraOp);
  }

  private static int positive(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  /** One model run's vectors, for the texts at {@code indices} of the request. */
  private record Batch(int[] indices, float[][] vectors, int tokens) {
  }
}
