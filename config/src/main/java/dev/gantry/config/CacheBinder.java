package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Binds the {@code cache} section and each alias's {@code cache} mapping. */
final class CacheBinder {

  static final Set<String> FIELDS = Set.of("enabled", "store", "url", "max_size", "ttl", "scope",
      "any_temperature", "timeout", "hits_count_tokens");
  static final Set<String> ALIAS_FIELDS = Set.of("enabled", "ttl", "semantic");
  static final Set<String> SEMANTIC_FIELDS = Set.of("threshold", "embedding_model");
  private static final String AT = "cache";

  private final TreeReader r;

  CacheBinder(TreeReader r) {
    this.r = r;
  }

  CacheSettings bind(JsonNode root) {
    JsonNode node = TreeReader.present(root, AT);
    if (node == null || !r.object(node, AT, FIELDS)) {
      return CacheSettings.OFF;
    }
    boolean enabled = r.bool(node, AT, "enabled", true);
    String store = r.string(node, AT, "store", "memory");
    String url = r.string(node, AT, "url", null);
    long maxBytes = r.byteSize(node, AT, "max_size", CacheSettings.DEFAULT_MAX_BYTES);
    Duration ttl = orElse(r.duration(node, AT, "ttl", CacheSettings.DEFAULT_TTL),
        CacheSettings.DEFAULT_TTL);
    Duration timeout = orElse(r.duration(node, AT, "timeout", CacheSettings.DEFAULT_TIMEOUT),
        CacheSettings.DEFAULT_TIMEOUT);
    boolean anyTemperature = r.bool(node, AT, "any_temperature", false);
    boolean hitsCountTokens = r.bool(node, AT, "hits_count_tokens", false);
    CacheSettings.Scope scope = scope(r.string(node, AT, "scope", "team"));
    if ("memory".equals(store)) {
      if (url != null) {
        r.error(TreeReader.at(AT, "url"), "only for store redis");
      }
      return new CacheSettings(enabled, CacheSettings.Store.MEMORY, null, maxBytes, ttl, scope,
          anyTemperature, timeout, hitsCountTokens);
    }
    if (!"redis".equals(store)) {
      r.error(TreeReader.at(AT, "store"),
          "unknown store '" + store + "' (expected one of: memory, redis)");
      return CacheSettings.OFF;
    }
    if (url == null) {
      url = "redis://127.0.0.1:6379";
    } else if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      r.error(TreeReader.at(AT, "url"), "must be redis://host:port or rediss://host:port");
      return CacheSettings.OFF;
    }
    return new CacheSettings(enabled, CacheSettings.Store.REDIS, url, maxBytes, ttl, scope,
        anyTemperature, timeout, hitsCountTokens);
  }

  /** An alias's {@code cache}: {@code enabled}, {@code ttl} and {@code semantic}, all optional. */
  CachePolicy policy(JsonNode item, String path) {
    JsonNode node = TreeReader.present(item, "cache");
    String at = TreeReader.at(path, "cache");
    if (node == null || !r.object(node, at, ALIAS_FIELDS)) {
      return CachePolicy.INHERIT;
    }
    Boolean enabled = TreeReader.has(node, "enabled") ? r.bool(node, at, "enabled", true) : null;
    Duration ttl = TreeReader.has(node, "ttl") ? r.duration(node, at, "ttl", null) : null;
    return new CachePolicy(enabled, ttl, semantic(node, at));
  }

  /**
   * An alias's {@code cache.semantic}: {@code {}} (or {@code true}) for the defaults,
   * {@code threshold} and {@code embedding_model} optional.
   */
  private CachePolicy.Semantic semantic(JsonNode cache, String path) {
    JsonNode node = TreeReader.present(cache, "semantic");
    String at = TreeReader.at(path, "semantic");
    if (node == null || node.isBoolean()) {
      return node != null && node.booleanValue() ? new CachePolicy.Semantic(
          CachePolicy.Semantic.DEFAULT_THRESHOLD,
          CachePolicy.Semantic.DEFAULT_EMBEDDING_MODEL) : null;
    }
    if (!r.object(node, at, SEMANTIC_FIELDS)) {
      return null;
    }
    double threshold = r.decimal(node, at, "threshold", CachePolicy.Semantic.DEFAULT_THRESHOLD);
    if (!(threshold > 0 && threshold <= 1)) {
      r.error(TreeReader.at(at, "threshold"), "must be above 0 and at most 1 (a cosine"
          + " similarity), not " + threshold);
      return null;
    }
    String model = r.string(node, at, "embedding_model",
        CachePolicy.Semantic.DEFAULT_EMBEDDING_MODEL);
    return new CachePolicy.Semantic(threshold, model);
  }

  /**
   * Checks the aliases together: a semantic cache needs its chat alias and an embeddings alias
   * to embed with, and the cache on.
   */
  void check(CacheSettings settings, List<ModelAlias> aliases, Map<String, Integer> indexOf) {
    Map<String, ModelAlias> byName = new HashMap<>();
    aliases.forEach(a -> byName.put(a.name(), a));
    for (ModelAlias alias : aliases) {
      CachePolicy.Semantic semantic = alias.cache().semantic();
      if (semantic == null) {
        continue;
      }
      String at = TreeReader.at(TreeReader.at(TreeReader.at("models",
          indexOf.get(alias.name())), "cache"), "semantic");
      if (alias.kind() != ModelKind.CHAT) {
        r.error(at, "only chat aliases have a semantic cache; this alias is "
            + alias.kind().id());
      }
      if (!settings.enabled()) {
        r.error(at, "needs the response cache on (a top-level cache section)");
      }
      ModelAlias embedder = byName.get(semantic.embeddingModel());
      String model = TreeReader.at(at, "embedding_model");
      if (embedder == null) {
        r.error(model, "unknown model '" + semantic.embeddingModel() + "'"
            + (semantic.embeddingModel().equals(CachePolicy.Semantic.DEFAULT_EMBEDDING_MODEL)
                ? " (the default: add a provider of type local, or name an embeddings alias)"
                : ""));
      } else if (embedder.kind() != ModelKind.EMBEDDINGS) {
        r.error(model, "'" + embedder.name() + "' is " + embedder.kind().id()
            + ", not embeddings");
      }
    }
  }

  private CacheSettings.Scope scope(String value) {
    try {
      return CacheSettings.Scope.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      r.error(TreeReader.at(AT, "scope"),
          "unknown scope '" + value + "' (expected one of: key, team, global)");
      return CacheSettings.Scope.TEAM;
    }
  }

  private static Duration orElse(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
