package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

  private static final String MODELS = "providers:\n  gpu: { type: openai, base_url: 'http://gpu:8000/v1' }\n"
      + "models:\n"
      + "  - { name: a, deployments: [ { provider: gpu, model: m } ] }\n"
      + "  - { name: b, cache: { ttl: 10m }, deployments: [ { provider: gpu, model: m } ] }\n"
      + "  - { name: c, cache: { enabled: false }, deployments: [ { provider: gpu, model: m } ] }\n";

  @Test
  void parse_noCacheSection_cachesNothing() {
    GatewayConfig config = parse(MODELS);

    assertThat(config.cache()).isEqualTo(CacheSettings.OFF);
    assertThat(config.models()).allSatisfy(m -> assertThat(m.cache().enabled(config.cache()))
        .isFalse());
  }

  @Test
  void parse_memoryCache_withDefaultsAndPerAliasPolicies() {
    GatewayConfig config = parse("cache: { max_size: 64MiB, scope: key }\n" + MODELS);

    CacheSettings cache = config.cache();
    assertThat(cache).isEqualTo(new CacheSettings(true, CacheSettings.Store.MEMORY, null,
        64L * 1024 * 1024, Duration.ofHours(1), CacheSettings.Scope.KEY, false,
        CacheSettings.DEFAULT_TIMEOUT));
    assertThat(config.model("a").orElseThrow().cache().enabled(cache)).isTrue();
    assertThat(config.model("a").orElseThrow().cache().ttl(cache)).isEqualTo(Duration.ofHours(1));
    assertThat(config.model("b").orElseThrow().cache().ttl(cache))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(config.model("c").orElseThrow().cache().enabled(cache)).isFalse();
  }

  @Test
  void parse_redisCache_defaultsToTheLocalRedis() {
    CacheSettings cache = parse("cache: { store: redis, ttl: 5m, any_temperature: true,"
        + " timeout: 200ms, hits_count_tokens: true }\n").cache();

    assertThat(cache.store()).isEqualTo(CacheSettings.Store.REDIS);
    assertThat(cache.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(cache.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(cache.anyTemperature()).isTrue();
    assertThat(cache.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(cache.hitsCountTokens()).isTrue();
    assertThat(cache.scope()).isEqualTo(CacheSettings.Scope.TEAM);
  }

  @Test
  void parse_badCache_reportsEachWithPath() {
    assertThat(errorsOf("cache: { store: memcached }\n")).containsExactly(
        "cache.store: unknown store 'memcached' (expected one of: memory, redis)");
    assertThat(errorsOf("cache: { url: 'redis://r:6379', scope: tenant, ttl: 0s, colour: red }\n"))
        .containsExactlyInAnyOrder("cache.url: only for store redis",
            "cache.scope: unknown scope 'tenant' (expected one of: key, team, global)",
            "cache.ttl: must be greater than 0", "cache.colour: unknown field");
    assertThat(errorsOf("cache: { store: redis, url: 'http://r' }\n"))
        .containsExactly("cache.url: must be redis://host:port or rediss://host:port");
    assertThat(errorsOf(MODELS.replace("cache: { ttl: 10m }", "cache: { ttl: 0s, size: 1 }")))
        .containsExactlyInAnyOrder("models[1].cache.ttl: must be greater than 0",
            "models[1].cache.size: unknown field");
  }

  private static final String SEMANTIC = "cache: {}\n"
      + "providers:\n  gpu: { type: openai, base_url: 'http://gpu:8000/v1' }\n"
      + "  local: { type: local }\n"
      + "models:\n"
      + "  - { name: local-embed, kind: embeddings, deployments: [ { provider: local,"
      + " model: all-minilm-l6-v2 } ] }\n"
      + "  - { name: e5, kind: embeddings, deployments: [ { provider: gpu, model: e5 } ] }\n";

  @Test
  void parse_semanticCache_defaultsToTheLocalModelAndAHighThreshold() {
    GatewayConfig config = parse(SEMANTIC
        + "  - { name: a, cache: { semantic: {} }, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, cache: { semantic: true }, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: c, cache: { semantic: { threshold: 0.9, embedding_model: e5 } },"
        + " deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: d, deployments: [ { provider: gpu, model: m } ] }\n");

    CachePolicy.Semantic defaults = new CachePolicy.Semantic(0.95, "local-embed");
    assertThat(config.model("a").orElseThrow().cache().semantic()).isEqualTo(defaults);
    assertThat(config.model("b").orElseThrow().cache().semantic()).isEqualTo(defaults);
    assertThat(config.model("c").orElseThrow().cache().semantic())
        .isEqualTo(new CachePolicy.Semantic(0.9, "e5"));
    assertThat(config.model("d").orElseThrow().cache().semantic()).isNull();
  }

  @Test
  void parse_badSemanticCache_reportsEachWithPath() {
    assertThat(errorsOf(SEMANTIC
        + "  - { name: a, cache: { semantic: { threshold: 1.5, k: 3 } },"
        + " deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, cache: { semantic: { embedding_model: nope } },"
        + " deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: c, cache: { semantic: { embedding_model: c } },"
        + " deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: d, kind: embeddings, cache: { semantic: {} },"
        + " deployments: [ { provider: gpu, model: m } ] }\n"))
        .containsExactlyInAnyOrder(
            "models[2].cache.semantic.threshold: must be above 0 and at most 1 (a cosine"
                + " similarity), not 1.5",
            "models[2].cache.semantic.k: unknown field",
            "models[3].cache.semantic.embedding_model: unknown model 'nope'",
            "models[4].cache.semantic.embedding_model: 'c' is chat, not embeddings",
            "models[5].cache.semantic: only chat aliases have a semantic cache; this alias is"
                + " embeddings");
    assertThat(errorsOf("providers:\n  gpu: { type: openai, base_url: 'http://gpu:8000/v1' }\n"
        + "models:\n  - { name: a, cache: { semantic: {} }, deployments: [ { provider: gpu,"
        + " model: m } ] }\n")).containsExactlyInAnyOrder(
            "models[0].cache.semantic: needs the response cache on (a top-level cache section)",
            "models[0].cache.semantic.embedding_model: unknown model 'local-embed' (the default:"
                + " add a provider of type local, or name an embeddings alias)");
  }
}
