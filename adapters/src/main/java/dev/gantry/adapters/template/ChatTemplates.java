package dev.gantry.adapters.template;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat templates of {@code tokenizer_config.json} files, each file read and parsed once, on a
 * worker (reading and compiling a template blocks): path → template. Concurrent first calls for one
 * path share one load; every caller continues on its own context (its event loop). A load that
 * failed is forgotten, so a file fixed or created later is read on a later call without a restart.
 */
public final class ChatTemplates {

  private static final Logger LOG = LoggerFactory.getLogger(ChatTemplates.class);

  private final Vertx vertx;
  private final ConcurrentMap<Path, CompletableFuture<ChatTemplate>> loaded =
      new ConcurrentHashMap<>();

  public ChatTemplates(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * The template in the {@code tokenizer_config.json} at {@code path}.
   *
   * @param path as configured; relative paths resolve against the working directory
   * @return the template, or a failure of kind {@link ErrorKind#INTERNAL} (a deployment
   *     misconfiguration) saying the template could not be loaded; the log names the file and why
   */
  public Future<ChatTemplate> get(String path) {
    Path file;
    try {
      file = Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      LOG.warn("chat template file={} not loaded error={}", path, e.toString());
      return Future.failedFuture(notLoaded(e));
    }
    CompletableFuture<ChatTemplate> fresh = new CompletableFuture<>();
    CompletableFuture<ChatTemplate> template = loaded.putIfAbsent(file, fresh);
    if (template == null) {
      template = fresh;
      load(file, fresh);
    }
    if (template.isDone() && !template.isCompletedExceptionally()) {
      return Future.succeededFuture(template.join());
    }
    Context caller = vertx.getOrCreateContext();
    return Future.fromCompletionStage(template, caller)
        .recover(e -> Future.failedFuture(notLoaded(e)));
  }

  private static GatewayException notLoaded(Throwable cause) {
    return new GatewayException(ErrorKind.INTERNAL, "The deployment's chat template (its "
        + "tokenizer_config.json) could not be loaded; the gateway log says why.", null, -1, cause);
  }

  private void load(Path file, CompletableFuture<ChatTemplate> template) {
    vertx.executeBlocking(() -> ChatTemplate.fromTokenizerConfig(file), false)
        .onSuccess(template::complete)
        .onFailure(e -> {
          LOG.warn("chat template file={} not loaded error={}", file, e.toString());
          loaded.remove(file, template);
          template.completeExceptionally(e);
        });
  }
}
