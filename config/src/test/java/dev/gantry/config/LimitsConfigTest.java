package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsConfigTest {

  private static final String BASE = "providers:\n"
      + "  gpu: { type: openai, base_url: 'http://10.0.0.5:8000/v1' }\n";

  @Test
  void parse_limitsOnKeysTeamsModelsAndDeployments_bindThem() {
    GatewayConfig config = parse(BASE
        + "models:\n"
        + "  - name: chat\n"
        + "    limits: { tpm: 100000 }\n"
        + "    deployments: [ { provider: gpu, model: m, limits: { rpm: 600, tpm: 200000 } } ]\n"
        + "teams:\n"
        + "  - { name: search, limits: { tokens_per_day: 5000000, concurrent: 20 } }\n"
        + "keys:\n"
        + "  - { name: a, key: k1, team: search, limits: { rpm: 60, input_tpm: 1000,"
        + " output_tpm: 500 } }\n");

    assertThat(config.model("chat").orElseThrow().limits())
        .isEqualTo(new Limits(null, 100_000L, null, null, null, null));
    assertThat(config.model("chat").orElseThrow().deployments().get(0).limits())
        .isEqualTo(new Limits(600L, 200_000L, null, null, null, null));
    assertThat(config.team("search").orElseThrow().limits())
        .isEqualTo(new Limits(null, null, null, null, 20L, 5_000_000L));
    ApiKey key = config.keys().get(0);
    assertThat(key.team()).isEqualTo("search");
    assertThat(key.limits()).isEqualTo(new Limits(60L, null, 1000L, 500L, null, null));
  }

  @Test
  void parse_badLimitsAndTeams_reportEachWithPath() {
    assertThat(errorsOf(BASE
        + "models:\n"
        + "  - { name: chat, limits: { rpm: 0, tph: 5 }, deployments: [ { provider: gpu, model: m } ] }\n"
        + "teams:\n"
        + "  - { name: t }\n"
        + "  - { name: t, limits: { tpm: 1.5 } }\n"
        + "keys:\n"
        + "  - { name: a, key: k1, team: nope }\n"))
        .containsExactlyInAnyOrder(
            "models[0].limits.tph: unknown field",
            "models[0].limits.rpm: must be a whole number of at least 1",
            "teams[1].name: duplicate team 't' (also teams[0])",
            "teams[1].limits.tpm: must be a whole number of at least 1",
            "keys[0].team: unknown team 'nope'");
  }

  @Test
  void parse_limitStore_memoryByDefault_redisWithUrl() {
    assertThat(parse(BASE).limitStore()).isEqualTo(LimitStoreSettings.MEMORY);
    assertThat(parse(BASE + "limit_store: { type: redis, url: 'redis://10.0.0.9:6379',"
        + " fail_open: true }\n").limitStore()).isEqualTo(new LimitStoreSettings(
            LimitStoreSettings.Kind.REDIS, "redis://10.0.0.9:6379", true));
    assertThat(parse(BASE + "limit_store: { type: redis }\n").limitStore().redisUrl())
        .isEqualTo("redis://127.0.0.1:6379");
    assertThat(errorsOf(BASE + "limit_store: { type: etcd }\n"))
        .containsExactly("limit_store.type: unknown type 'etcd' (expected one of: memory, redis)");
    assertThat(errorsOf(BASE + "limit_store: { type: redis, url: 'http://x' }\n"))
        .containsExactly("limit_store.url: must be redis://host:port or rediss://host:port");
  }
}
