package dev.gantry.policies.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where a request's cache key is computed: on the event loop when small, else on a worker. */
class CacheKeyingTest {

  private static ChatRequest chat(List<ContentPart> parts, List<ToolCall> calls) {
    return new ChatRequest("m", List.of(
        new Message(Role.ASSISTANT, List.of(), calls, null, null, List.of()),
        new Message(Role.USER, parts, List.of(), null, null, List.of())),
        GenerationParams.DEFAULTS, List.of(), null, null, false, false, null, null);
  }

  @Test
  void weight_countsTextsImagesAndToolArguments() {
    ChatRequest request = chat(List.of(ContentPart.text("hello"),
        new ContentPart.Image(new ImageSource.Inline("image/png", "QUJD".repeat(1000)), null),
        new ContentPart.Image(new ImageSource.Url("https://x.test/a.png"), "low")),
        List.of(new ToolCall("c1", "f", "{\"a\":1}")));

    assertThat(CacheKeys.weight(request)).isEqualTo(5 + 4000 + 20 + 7);
  }

  @Test
  void hashing_smallWorkStaysOnTheEventLoop_largeWorkGoesToAWorker() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      Future<Boolean> small = Future.future(p -> context.runOnContext(v ->
          CacheAnswers.hashing(CacheAnswers.INLINE_HASH_CHARS, Context::isOnEventLoopThread)
              .onComplete(p)));
      Future<Boolean> large = Future.future(p -> context.runOnContext(v ->
          CacheAnswers.hashing(CacheAnswers.INLINE_HASH_CHARS + 1L,
              Context::isOnWorkerThread).onComplete(p)));
      Future<Object> failing = Future.future(p -> context.runOnContext(v ->
          CacheAnswers.hashing(1L << 30, () -> {
            throw new IllegalStateException("boom");
          }).onComplete(p)));

      assertThat(small.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(large.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(failing.transform(ar -> Future.succeededFuture(ar.cause().getMessage()))
          .await(5, TimeUnit.SECONDS)).isEqualTo("boom");
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
