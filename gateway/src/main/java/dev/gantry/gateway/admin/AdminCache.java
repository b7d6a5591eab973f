package dev.gantry.gateway.admin;

import dev.gantry.config.CacheSettings;
import dev.gantry.gateway.JsonAnswers;
import dev.gantry.policies.cache.ResponseCache;
import dev.gantry.policies.cache.SemanticCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The response cache for operators. {@code GET /admin/v1/cache}: its store, scope, default TTL,
 * entries, bytes and evictions (-1 where a shared store cannot tell cheaply).
 * {@code DELETE /admin/v1/cache?namespace=&alias=}: removes the entries of a namespace
 * ({@code key:<name>}, {@code team:<name>}, {@code global}), of an alias, or of both; with neither,
 * everything, the semantic cache's vectors with the answers. Answers {@code {"purged": n}} (answers
 * removed) and {@code "purged_vectors": m} (semantic cache vectors removed).
 */
final class AdminCache {

  private final CacheSettings settings;
  private final ResponseCache cache;
  private final SemanticCache semantic;
  private final Consumer<RoutingContext> authorize;

  AdminCache(CacheSettings settings, ResponseCache cache, SemanticCache semantic,
      Consumer<RoutingContext> authorize) {
    this.settings = settings;
    this.cache = cache;
    this.semantic = semantic;
    this.authorize = authorize;
  }

  void mount(Router router) {
    router.get("/admin/v1/cache").handler(this::stats);
    router.delete("/admin/v1/cache").handler(this::purge);
  }

  private void stats(RoutingContext ctx) {
    answer(ctx, () -> {
      ResponseCache.Stats stats = cache.stats();
      return Future.succeededFuture(new JsonObject()
          .put("store", settings.store().name().toLowerCase(Locale.ROOT))
          .put("scope", settings.scope().name().toLowerCase(Locale.ROOT))
          .put("ttl_seconds", settings.ttl().toSeconds())
          .put("entries", stats.entries()).put("bytes", stats.bytes())
          .put("evictions", stats.evictions()).put("semantic", semantic != null));
    });
  }

  private void purge(RoutingContext ctx) {
    String namespace = blankToNull(ctx.request().getParam("namespace"));
    String alias = blankToNull(ctx.request().getParam("alias"));
    answer(ctx, () -> {
      Future<Long> answers = cache.purge(namespace, alias);
      Future<Long> vectors = semantic == null ? Future.succeededFuture()
          : semantic.purge(namespace, alias);
      return Future.all(answers, vectors).map(done -> {
        JsonObject purged = new JsonObject().put("purged", answers.result());
        return semantic == null ? purged : purged.put("purged_vectors", vectors.result());
      });
    });
  }

  private void answer(RoutingContext ctx, java.util.function.Supplier<Future<JsonObject>> work) {
    JsonAnswers.answer(ctx, () -> {
      authorize.accept(ctx);
      return work.get();
    });
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
