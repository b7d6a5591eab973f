package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GantryClientTest {
  @Test
  void toString_neverShowsTheKey() {
    GantryClient.Builder b = GantryClient.builder().baseUrl("http://localhost:8080")
        .apiKey("sk-very-secret");
    GantryClient c = b.build();
    assertThat(c.toString()).doesNotContain("sk-very-secret").contains("***")
        .contains("http://localhost:8080");
    assertThat(b.toString()).doesNotContain("sk-very-secret");
    assertThat(c.chat().toString()).doesNotContain("sk-very-secret");
  }

  @Test
  void builder_invalidValues_failFast() {
    assertThatThrownBy(() -> GantryClient.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> GantryClient.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GantryClient.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GantryClient.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GantryClient.builder().apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestOptions.builder().header("Authorization", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headers_typedAccessors_readGantryHeaders() {
    GantryHeaders h = GantryHeaders.of(Map.of(
        "X-Request-Id", List.of("req-1"), "x-gantry-deployment", List.of("bedrock-eu"),
        "x-gantry-attempts", List.of("2"), "x-gantry-cost-usd", List.of("0.000125"),
        "x-gantry-cache", List.of("HIT"), "x-ratelimit-remaining-requests", List.of("59"),
        "x-ratelimit-remaining-tokens", List.of("9000"), "x-gantry-cache-similarity",
        List.of("0.977"), "x-gantry-overhead-ms", List.of("1.250")));
    assertThat(h.requestId()).contains("req-1");
    assertThat(h.deployment()).contains("bedrock-eu");
    assertThat(h.attempts()).contains(2);
    assertThat(h.costUsd()).contains(new BigDecimal("0.000125"));
    assertThat(h.cache()).contains("hit");
    assertThat(h.cacheHit()).isTrue();
    assertThat(h.rateLimitRemainingRequests()).contains(59);
    assertThat(h.rateLimitRemainingTokens()).contains(9000);
    assertThat(h.cacheSimilarity()).contains(0.977);
    assertThat(h.overheadMillis()).contains(1.25);
    assertThat(GantryHeaders.empty().deployment()).isEmpty();
  }
}
