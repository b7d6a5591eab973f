package dev.gantry.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LocalEmbeddingAdapterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void embed_realModel_returnsUnitVectorsInInputOrderWithUsage(Vertx vertx,
      VertxTestContext ctx) {
    LocalEmbeddingAdapter adapter =
        new LocalEmbeddingAdapter(vertx, new ProviderSettings.Local("local", 1, 2));
    List<String> texts = List.of(
        "The cat sits on the mat", "Quarterly revenue grew by 12%", "A cat is sitting on a mat");

    onEventLoop(vertx, adapter::warmUp)
        .compose(v -> onEventLoop(vertx, () -> adapter.embed(call(texts))))
        .compose(response -> adapter.close().map(response))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(3, response.vectors().size());
          for (float[] vector : response.vectors()) {
            assertEquals(384, vector.length);
            assertEquals(1.0, Math.sqrt(MiniLmEmbedderTest.cosine(vector, vector)), 1e-4);
          }
          List<float[]> v = response.vectors();
          assertTrue(MiniLmEmbedderTest.cosine(v.get(0), v.get(2))
              > MiniLmEmbedderTest.cosine(v.get(0), v.get(1)) + 0.4);
          // 6 + 7 word pieces for the cat sentences, at least 5 for the revenue one
          assertTrue(response.usage().promptTokens() >= 18, response.usage().toString());
          assertEquals(0, response.usage().completionTokens());
          ctx.completeNow();
        })));
  }

  @Test
  void embed_texts_loadsAndRunsOnTheGantryLocalPool(Vertx vertx, VertxTestContext ctx) {
    FakeEmbedder fake = new FakeEmbedder();
    List<String> loadThreads = Collections.synchronizedList(new ArrayList<>());
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(2, 2), () -> {
      loadThreads.add(Thread.currentThread().getName());
      return fake;
    });

    // listened to from the event loop: a listener added from the test thread after completion
    // would run on the test thread
    vertx.getOrCreateContext().runOnContext(v -> adapter.embed(call(List.of("a", "bb", "ccc")))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertTrue(Context.isOnEventLoopThread(), "completes back on the event loop");
          assertEquals(1, loadThreads.size());
          assertTrue(loadThreads.get(0).startsWith("gantry-local-"), loadThreads.toString());
          assertEquals(2, fake.threads.size());
          for (String thread : fake.threads) {
            assertTrue(thread.startsWith("gantry-local-"), thread);
          }
          assertFalse(fake.ranOnEventLoop);
          ctx.completeNow();
        }))));
  }

  @Test
  void embed_moreTextsThanMaxBatch_batchesBySizeAndKeepsInputOrder(Vertx vertx,
      VertxTestContext ctx) {
    FakeEmbedder fake = new FakeEmbedder();
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(2, 2), () -> fake);
    List<String> texts = List.of("e e e e e", "a", "d d d d", "b b", "c c c");

    adapter.embed(call(texts)).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      List<Integer> sizes = new ArrayList<>(fake.batchSizes);
      Collections.sort(sizes);
      assertEquals(List.of(1, 2, 2), sizes);
      for (int i = 0; i < texts.size(); i++) {
        assertEquals(texts.get(i).length(), response.vectors().get(i)[0], "text " + i);
      }
      assertEquals(Usage.of(15, 0), response.usage());
      ctx.completeNow();
    })));
  }

  @Test
  void embed_concurrentFirstCalls_loadTheModelOnce(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch allCalled = new CountDownLatch(1);
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(2, 0), () -> {
      loads.incrementAndGet();
      allCalled.await();
      return new FakeEmbedder();
    });

    List<Future<EmbeddingResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(adapter.embed(call(List.of("text " + i))));
    }
    allCalled.countDown();

    Future.all(calls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertEquals(1, loads.get());
      ctx.completeNow();
    })));
  }

  @Test
  void embed_emptyInput_answersWithoutLoadingTheModel(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger loads = new AtomicInteger();
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(1, 0), () -> {
      loads.incrementAndGet();
      return new FakeEmbedder();
    });

    adapter.embed(call(List.of())).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertTrue(response.vectors().isEmpty());
      assertEquals(Usage.ZERO, response.usage());
      assertEquals(0, loads.get());
      ctx.completeNow();
    })));
  }

  @Test
  void embed_dimensions384_isAccepted(Vertx vertx, VertxTestContext ctx) {
    LocalEmbeddingAdapter adapter =
        new LocalEmbeddingAdapter(vertx, settings(1, 0), FakeEmbedder::new);
    EmbeddingRequest request = new EmbeddingRequest("embed", new EmbeddingInput.Texts(List.of("x")),
        384, null, null);

    adapter.embed(call(request, MiniLmEmbedder.MODEL, TIMEOUT))
        .onComplete(ctx.succeeding(response -> ctx.completeNow()));
  }

  @Test
  void embed_otherUpstreamModel_failsUnsupported(Vertx vertx, VertxTestContext ctx) {
    LocalEmbeddingAdapter adapter =
        new LocalEmbeddingAdapter(vertx, settings(1, 0), FakeEmbedder::new);

    adapter.embed(call(EmbeddingRequest.ofTexts("embed", List.of("x")), "bge-small-en", TIMEOUT))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertGatewayError(e, ErrorKind.UNSUPPORTED, "The local provider serves only"
              + " all-minilm-l6-v2, not `bge-small-en`; fix this deployment's model.");
          assertNull(((GatewayException) e).param());
          ctx.completeNow();
        })));
  }

  @Test
  void embed_tokenIds_failsUnsupported(Vertx vertx, VertxTestContext ctx) {
    LocalEmbeddingAdapter adapter =
        new LocalEmbeddingAdapter(vertx, settings(1, 0), FakeEmbedder::new);
    EmbeddingRequest request = new EmbeddingRequest("embed",
        new EmbeddingInput.TokenIds(List.of(new int[] {9906, 1917})), null, null, null);

    adapter.embed(call(request, MiniLmEmbedder.MODEL, TIMEOUT))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertGatewayError(e, ErrorKind.UNSUPPORTED, "The local provider embeds text only:"
              + " token ids from another tokenizer mean nothing to all-minilm-l6-v2.");
          assertEquals("input", ((GatewayException) e).param());
          ctx.completeNow();
        })));
  }

  @Test
  void embed_fewerDimensions_failsUnsupported(Vertx vertx, VertxTestContext ctx) {
    LocalEmbeddingAdapter adapter =
        new LocalEmbeddingAdapter(vertx, settings(1, 0), FakeEmbedder::new);
    EmbeddingRequest request = new EmbeddingRequest("embed", new EmbeddingInput.Texts(List.of("x")),
        256, null, null);

    adapter.embed(call(request, MiniLmEmbedder.MODEL, TIMEOUT))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertGatewayError(e, ErrorKind.UNSUPPORTED, "all-minilm-l6-v2 returns 384-dimension"
              + " vectors only; `dimensions` 256 cannot be honoured.");
          assertEquals("dimensions", ((GatewayException) e).param());
          ctx.completeNow();
        })));
  }

  @Test
  void embed_modelFailsToLoad_failsUpstreamUnavailableAndRetriesNextTime(Vertx vertx,
      VertxTestContext ctx) {
    AtomicInteger loads = new AtomicInteger();
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(1, 0), () -> {
      if (loads.incrementAndGet() == 1) {
        throw new IOException("Resource all-minilm-l6-v2-q.onnx is missing from the classpath");
      }
      return new FakeEmbedder();
    });

    adapter.embed(call(List.of("x")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertGatewayError(e, ErrorKind.UPSTREAM_UNAVAILABLE,
              "The local embedding model could not be loaded.");
          assertTrue(e.getCause() instanceof IOException);
        })))
        .recover(e -> adapter.embed(call(List.of("x"))))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(2, loads.get());
          ctx.completeNow();
        })));
  }

  @Test
  void embed_modelRunFails_failsUpstreamError(Vertx vertx, VertxTestContext ctx) {
    FakeEmbedder fake = new FakeEmbedder();
    fake.failure = new IllegalStateException("ONNX Runtime failed to run all-minilm-l6-v2-q.onnx.");
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(1, 0), () -> fake);

    adapter.embed(call(List.of("x"))).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertGatewayError(e, ErrorKind.UPSTREAM_ERROR, "The local embedding model failed to run.");
      assertEquals(fake.failure, e.getCause());
      ctx.completeNow();
    })));
  }

  @Test
  void embed_modelSlowerThanTimeout_failsUpstreamTimeout(Vertx vertx, VertxTestContext ctx) {
    FakeEmbedder fake = new FakeEmbedder();
    fake.gate = new CountDownLatch(1);
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(1, 0), () -> fake);

    adapter.embed(call(EmbeddingRequest.ofTexts("embed", List.of("x")), MiniLmEmbedder.MODEL,
            Duration.ofMillis(100)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          fake.gate.countDown();
          assertGatewayError(e, ErrorKind.UPSTREAM_TIMEOUT,
              "The local embedding model did not answer within 100 ms.");
          ctx.completeNow();
        })));
  }

  @Test
  void close_afterUse_closesTheModelAndRejectsLaterCalls(Vertx vertx, VertxTestContext ctx) {
    FakeEmbedder fake = new FakeEmbedder();
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(1, 0), () -> fake);

    adapter.embed(call(List.of("x")))
        .compose(response -> adapter.close())
        .compose(v -> adapter.close())
        .compose(v -> adapter.embed(call(List.of("x"))))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(fake.closed);
          assertGatewayError(e, ErrorKind.UPSTREAM_UNAVAILABLE, "The local provider is closed.");
          ctx.completeNow();
        })));
  }

  @Test
  void close_neverUsed_doesNotLoadTheModel(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger loads = new AtomicInteger();
    LocalEmbeddingAdapter adapter = new LocalEmbeddingAdapter(vertx, settings(1, 0), () -> {
      loads.incrementAndGet();
      return new FakeEmbedder();
    });

    adapter.close()
        .compose(v -> adapter.warmUp())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(0, loads.get());
          assertGatewayError(e, ErrorKind.UPSTREAM_UNAVAILABLE, "The local provider is closed.");
          ctx.completeNow();
        })));
  }

  @Test
  void capabilities_always_embeddingsOnly(Vertx vertx) {
    LocalEmbeddingAdapter adapter =
        new LocalEmbeddingAdapter(vertx, settings(1, 0), FakeEmbedder::new);

    assertEquals(Set.of(Capability.EMBEDDINGS), adapter.capabilities());
  }

  @Test
  void constructor_negativeThreads_throws(Vertx vertx) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LocalEmbeddingAdapter(vertx, settings(-1, 0), FakeEmbedder::new));
    assertEquals("threads must not be negative: -1", e.getMessage());
  }

  @Test
  void constructor_negativeMaxBatch_throws(Vertx vertx) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LocalEmbeddingAdapter(vertx, settings(1, -1), FakeEmbedder::new));
    assertEquals("maxBatch must not be negative: -1", e.getMessage());
  }

  private static ProviderSettings.Local settings(int threads, int maxBatch) {
    return new ProviderSettings.Local("local", threads, maxBatch);
  }

  private static Invocation<EmbeddingRequest> call(List<String> texts) {
    return call(EmbeddingRequest.ofTexts("embed", texts), MiniLmEmbedder.MODEL, TIMEOUT);
  }

  private static Invocation<EmbeddingRequest> call(EmbeddingRequest request, String model,
      Duration timeout) {
    return new Invocation<>(request, model, "req-1", timeout);
  }

  /** Calls from an event loop, as the gateway does. */
  private static <T> Future<T> onEventLoop(Vertx vertx, Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }

  private static void assertGatewayError(Throwable e, ErrorKind kind, String message) {
    assertTrue(e instanceof GatewayException, e.toString());
    assertEquals(kind, ((GatewayException) e).kind());
    assertEquals(message, e.getMessage());
  }

  /** Vector component 0 is the text's length; a token is a space-separated word. */
  private static final class FakeEmbedder implements TextEmbedder {
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    volatile boolean ranOnEventLoop;
    volatile boolean closed;
    volatile RuntimeException failure;
    volatile CountDownLatch gate;

    @Override
    public float[][] embed(List<String> texts) {
      threads.add(Thread.currentThread().getName());
      batchSizes.add(texts.size());
      ranOnEventLoop |= Context.isOnEventLoopThread();
      if (failure != null) {
        throw failure;
      }
      if (gate != null) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      float[][] vectors = new float[texts.size()][384];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i][0] = texts.get(i).length();
      }
      return vectors;
    }

    @Override
    public int countTokens(String text) {
      return text.split(" ").length;
    }

    @Override
    public int dimensions() {
      return 384;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
