package dev.gantry.adapters.template;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The chat templates of {@code tokenizer_config.json} files, each read and parsed once, on a
 * worker thread, then shared by every call that names the same path (a deployment option of the
 * providers that render prompts themselves). A load that failed is forgotten, so a file fixed
 * later is read on the next call. Thread-safe; one instance per adapter.
 */
public final class ChatTemplates {

  private final Vertx vertx;
  private final ConcurrentMap<String, CompletableFuture<ChatTemplate>> loaded =
      new ConcurrentHashMap<>();

  public ChatTemplates(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  /**
   * The template of the file at {@code path}, completing on the caller's context.
   *
   * @return a future failed with {@link java.io.UncheckedIOException} when the file cannot be
   *     read, {@link IllegalArgumentException} when it holds no usable chat template
   */
  public Future<ChatTemplate> get(String path) {
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<ChatTemplate> fresh = new CompletableFuture<>();
    CompletableFuture<ChatTemplate> existing = loaded.putIfAbsent(path, fresh);
    if (existing == null) {
      existing = fresh;
      vertx.executeBlocking(() -> ChatTemplate.fromTokenizerConfig(Path.of(path)), false)
          .onComplete(ar -> {
            if (ar.succeeded()) {
              fresh.complete(ar.result());
            } else {
              loaded.remove(path, fresh);
              fresh.completeExceptionally(ar.cause());
            }
          });
    }
    return Future.fromCompletionStage(existing, caller);
  }
}
