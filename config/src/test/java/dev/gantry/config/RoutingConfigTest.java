package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {

  private static final String PROVIDERS = "providers:\n"
      + "  gpu: { type: openai, base_url: 'http://10.0.0.5:8000/v1' }\n"
      + "models:\n";

  @Test
  void parse_fullRouting_bindsEveryField() {
    GatewayConfig config = parse(PROVIDERS
        + "  - name: chat\n"
        + "    routing:\n"
        + "      strategy: lowest_latency\n"
        + "      max_attempts: 4\n"
        + "      backoff: 100ms\n"
        + "      max_backoff: 2s\n"
        + "      first_token_timeout: 5s\n"
        + "      latency_half_life: 30s\n"
        + "      probe_interval: 15s\n"
        + "      breaker: { failure_rate: 40, slow_call_rate: 90, slow_call: 20s, window: 10,"
        + " minimum_calls: 4, open_for: 1m, half_open_calls: 1 }\n"
        + "    fallbacks: { general: [small], context_length: [long] }\n"
        + "    deployments:\n"
        + "      - { provider: gpu, model: a, priority: 1, tags: { region: eu },"
        + " price: { input: 0.5, output: 1.5 }, traffic_percent: 10 }\n"
        + "      - { provider: gpu, model: b, shadow_percent: 5 }\n"
        + "      - { provider: gpu, model: c }\n"
        + "  - { name: small, deployments: [ { provider: gpu, model: s } ] }\n"
        + "  - { name: long, fallbacks: [small], deployments: [ { provider: gpu, model: l } ] }\n");

    ModelAlias chat = config.model("chat").orElseThrow();
    assertThat(chat.routing()).isEqualTo(new Routing(Routing.Strategy.LOWEST_LATENCY, 4,
        Duration.ofMillis(100), Duration.ofSeconds(2), new Routing.Breaker(40, 90,
            Duration.ofSeconds(20), 10, 4, Duration.ofMinutes(1), 1), Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofSeconds(15)));
    assertThat(chat.fallbacks()).isEqualTo(new Fallbacks(List.of("small"), List.of("long"),
        List.of(), List.of()));
    Deployment a = chat.deployments().get(0);
    assertThat(a.priority()).isEqualTo(1);
    assertThat(a.tags()).isEqualTo(Map.of("region", "eu"));
    assertThat(a.price()).isEqualTo(new Price(0.5, 1.5, 0.5));
    assertThat(a.trafficPercent()).isEqualTo(10);
    assertThat(chat.deployments().get(1).shadow()).isTrue();
    assertThat(config.model("long").orElseThrow().fallbacks().general()).containsExactly("small");
    assertThat(config.model("small").orElseThrow().routing()).isEqualTo(Routing.DEFAULTS);
  }

  @Test
  void parse_badRouting_reportsEachWithPath() {
    assertThat(errorsOf(PROVIDERS
        + "  - name: chat\n"
        + "    routing: { strategy: fastest, max_attempts: 0, backoff: 2s, max_backoff: 1s,"
        + " breaker: { window: 3, minimum_calls: 5 } }\n"
        + "    deployments: [ { provider: gpu, model: a, price: { input: 1 } } ]\n"))
        .containsExactly(
            "models[0].routing.strategy: unknown strategy 'fastest' (expected one of: weighted,"
                + " round_robin, least_outstanding, lowest_latency, lowest_cost, priority)",
            "models[0].routing.max_attempts: must be between 1 and 20",
            "models[0].routing.max_backoff: must not be less than backoff",
            "models[0].routing.breaker.minimum_calls: must not exceed window",
            "models[0].deployments[0].price: needs input and output (per million tokens, not"
                + " negative)");
  }

  @Test
  void parse_fallbackProblems_areReported() {
    assertThat(errorsOf(PROVIDERS
        + "  - { name: a, fallbacks: [b, nope, e], deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: b, fallbacks: { general: [c] }, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: c, fallbacks: { rate_limit: [a] }, deployments: [ { provider: gpu, model: m } ] }\n"
        + "  - { name: e, kind: embeddings, deployments: [ { provider: gpu, model: m } ] }\n"))
        .containsExactly(
            "models[0].fallbacks: unknown model 'nope'",
            "models[0].fallbacks: 'e' is embeddings, not chat",
            "models[0].fallbacks: fallbacks lead back to 'a' (a -> b -> c -> a)",
            "models[1].fallbacks: fallbacks lead back to 'b' (b -> c -> a -> b)",
            "models[2].fallbacks: fallbacks lead back to 'c' (c -> a -> b -> c)");
  }

  @Test
  void parse_trafficAndShadowProblems_areReported() {
    assertThat(errorsOf(PROVIDERS
        + "  - name: a\n"
        + "    deployments:\n"
        + "      - { provider: gpu, model: m, traffic_percent: 60 }\n"
        + "      - { provider: gpu, model: n, traffic_percent: 50 }\n"
        + "  - { name: b, deployments: [ { provider: gpu, model: m, shadow_percent: 10 } ] }\n"
        + "  - { name: c, deployments: [ { provider: gpu, model: m, shadow_percent: 10,"
        + " traffic_percent: 5 }, { provider: gpu, model: n } ] }\n"))
        .containsExactly(
            "models[2].deployments[0].shadow_percent: a shadow deployment serves no traffic: drop"
                + " traffic_percent or shadow_percent",
            "models[0].deployments: traffic_percent adds up to 110%, more than 100%",
            "models[1].deployments: needs a deployment that is not a shadow");
  }
}
