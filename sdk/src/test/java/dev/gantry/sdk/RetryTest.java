package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.sdk.models.Model;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
  private static final String MODEL = "{\"id\":\"fast\",\"object\":\"model\",\"created\":1,\"owned_by\":\"gantry\"}";
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  private final TestServer server = new TestServer();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  private GantryClient client(int maxRetries, RandomGenerator random) {
    return GantryClient.builder().baseUrl(server.url()).apiKey("sk-secret-123")
        .maxRetries(maxRetries)
        .retryPolicy(RetryPolicy.builder().sleeper(sleeps::add).random(random)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).maxRetryAfter(Duration.ofSeconds(30)).build())
        .build();
  }

  @Test
  void send_429WithRetryAfterSeconds_waitsThatLongThenSucceeds() {
    server.thenError(429, "rate_limit_error", "rate_limit_exceeded", "slow down", "Retry-After", "2")
        .thenJson(200, MODEL);
    Model m = client(2, () -> 0L).models().get("fast");
    assertThat(m.id()).isEqualTo("fast");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(server.seen).hasSize(2);
  }

  @Test
  void send_retryAfterHttpDate_waitsUntilThatDate() {
    server.thenError(503, "server_error", "upstream_unavailable", "down",
            "Retry-After", "Sat, 21 Nov 2026 12:00:07 GMT")
        .thenJson(200, MODEL);
    client(2, () -> 0L).models().get("fast");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void send_retryAfterBeyondCap_waitsTheCap() {
    server.thenError(429, "rate_limit_error", "rate_limit_exceeded", "later", "Retry-After", "3600")
        .thenJson(200, MODEL);
    client(1, () -> 0L).models().get("fast");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void send_5xxWithoutRetryAfter_backsOffExponentiallyWithFullJitter() {
    server.thenError(502, "server_error", "upstream_error", "bad gateway");
    // the largest random draw: each wait sits just under its ceiling (0.5 s, 1 s, 2 s)
    assertThatThrownBy(() -> client(3, () -> -1L).models().get("fast"))
        .isInstanceOf(UpstreamException.class);
    assertThat(server.seen).hasSize(4);
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isLessThanOrEqualTo(Duration.ofMillis(500)).isGreaterThan(Duration.ofMillis(499));
    assertThat(sleeps.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(1)).isGreaterThan(Duration.ofMillis(999));
    assertThat(sleeps.get(2)).isLessThanOrEqualTo(Duration.ofSeconds(2)).isGreaterThan(Duration.ofMillis(1999));
  }

  @Test
  void delay_isWithinZeroAndTheCappedCeiling() {
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofMillis(800)).build();
    for (int retry = 1; retry <= 10; retry++) {
      long ceiling = Math.min(800, 100L << (retry - 1));
      for (int i = 0; i < 50; i++) {
        assertThat(p.delay(retry, Optional.empty()))
            .isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
      }
    }
    assertThat(RetryPolicy.builder().random(() -> 0L).build().delay(3, Optional.empty()))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void send_retriesExhausted_throwsTheLastErrorWithRetryAfterAndRequestId() {
    server.thenError(429, "rate_limit_error", "rate_limit_exceeded", "slow down",
        "Retry-After", "1", "x-request-id", "req-42");
    assertThatThrownBy(() -> client(2, () -> 0L).models().get("fast"))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
          assertThat(e.requestId()).contains("req-42");
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.isQuotaExceeded()).isFalse();
        });
    assertThat(server.seen).hasSize(3);
  }

  @Test
  void send_notRetryable_failsAtOnce() {
    for (int status : new int[] {400, 401, 403, 404, 409, 501}) {
      TestServer s = new TestServer();
      try (s) {
        s.thenError(status, "invalid_request_error", null, "no");
        GantryClient c = GantryClient.builder().baseUrl(s.url()).maxRetries(3)
            .retryPolicy(RetryPolicy.builder().sleeper(sleeps::add).build()).build();
        assertThatThrownBy(() -> c.models().get("fast")).isInstanceOf(GantryException.class);
        assertThat(s.seen).as("status %s", status).hasSize(1);
      }
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void send_budgetExceeded_isNotRetried() {
    server.thenError(429, "insufficient_quota", "insufficient_quota", "budget used up");
    assertThatThrownBy(() -> client(3, () -> 0L).models().get("fast"))
        .isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.isQuotaExceeded()).isTrue());
    assertThat(server.seen).hasSize(1);
  }

  @Test
  void send_408And500_areRetried() {
    server.thenError(408, "invalid_request_error", null, "slow").thenError(500, "server_error",
        "internal_error", "oops").thenJson(200, MODEL);
    assertThat(client(2, () -> 0L).models().get("fast").id()).isEqualTo("fast");
    assertThat(server.seen).hasSize(3);
  }

  @Test
  void send_connectionRefused_retriesThenThrowsConnectionException() {
    String url = server.url();
    server.close();
    GantryClient c = GantryClient.builder().baseUrl(url).apiKey("sk-secret-123").maxRetries(2)
        .retryPolicy(RetryPolicy.builder().sleeper(sleeps::add).build()).build();
    assertThatThrownBy(() -> c.models().list())
        .isInstanceOf(ConnectionException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret-123"));
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void requestOptions_maxRetriesZero_overridesTheClient() {
    server.thenError(503, "server_error", "upstream_unavailable", "down");
    assertThatThrownBy(() -> client(5, () -> 0L).models()
        .get("fast", RequestOptions.builder().maxRetries(0).build()))
        .isInstanceOf(UpstreamException.class);
    assertThat(server.seen).hasSize(1);
  }

  @Test
  void requestOptions_timeout_endsASlowCallWithTimeoutException() {
    server.then(ex -> {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    assertThatThrownBy(() -> client(0, () -> 0L).models()
        .get("fast", RequestOptions.builder().timeout(Duration.ofMillis(200)).build()))
        .isInstanceOf(TimeoutException.class);
  }

  @Test
  void createAsync_retriesToo() {
    server.thenError(429, "rate_limit_error", "rate_limit_exceeded", "slow down", "Retry-After", "0")
        .thenJson(200, TestServer.resource("chat-basic.json"));
    var c = client(2, () -> 0L).chat().createAsync(dev.gantry.sdk.chat.ChatCompletionRequest.builder()
        .model("fast").addMessage(dev.gantry.sdk.chat.ChatMessage.user("hi")).build()).join();
    assertThat(c.content()).contains("Hello! How can I assist you today?");
    assertThat(server.seen).hasSize(2);
  }
}
