package dev.gantry.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.Limits;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import dev.gantry.gateway.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits through real gateways: one gateway with in-process limits, and three gateways
 * sharing Redis under 200 concurrent requests, where the key's limit holds across all of them,
 * and where a used-up limit comes back as its window rolls on (one request per second refilled,
 * never more).
 * Redis is 127.0.0.1:6379 (or {@code GANTRY_TEST_REDIS}); without it the Redis test is skipped
 * locally and fails under {@code CI=true}.
 */
class RateLimitEndToEndTest {

  private static final String SECRET = "sk-limits-e2e";
  private static final String HELLO = "{\"model\":\"chat\",\"max_tokens\":50,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]";
  private static final String REDIS_URL = TestRedis.URL;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String keyName = "e2e-" + UUID.randomUUID();
  private Vertx vertx;
  private FakeOpenAiUpstream upstream;
  private final List<Gateway> gateways = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = GantryHarness.strictVertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway g : gateways) {
      g.close().await(10, TimeUnit.SECONDS);
    }
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private GatewayConfig config(Limits limits, LimitStoreSettings store) {
    ProviderSettings fake = new ProviderSettings.OpenAi("fake", upstream.baseUrl(),
        SecretRef.literal("upstream-key"), null, Map.of(), Map.of(), Duration.ofSeconds(10), 64);
    ModelAlias chat = new ModelAlias("chat", ModelKind.CHAT,
        List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null,
        new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "o200k_base"));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("fake", fake), List.of(chat), List.of(new ApiKey(keyName,
            SecretRef.literal(SECRET), null, List.of(), false, null, limits)), List.of(), store);
  }

  private Gateway gateway(GatewayConfig config) throws Exception {
    Gateway g = Gateway.start(vertx, config, Map.of()).await(30, TimeUnit.SECONDS);
    gateways.add(g);
    return g;
  }

  private static CompletableFuture<HttpResponse<String>> post(Gateway g, String body) {
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
            + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").header("authorization", "Bearer " + SECRET)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void memoryStore_requestsPerMinute_refusesPastTheLimitWithHeaders() throws Exception {
    Gateway g = gateway(config(new Limits(2L, 10_000L, null, null, null, null),
        LimitStoreSettings.MEMORY));

    HttpResponse<String> first = post(g, HELLO + "}").get(30, TimeUnit.SECONDS);
    post(g, HELLO + "}").get(30, TimeUnit.SECONDS);
    HttpResponse<String> third = post(g, HELLO + "}").get(30, TimeUnit.SECONDS);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
    assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
    assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("10000");
    // 11 prompt tokens (o200k) + 50 max_tokens reserved
    assertThat(first.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("9939");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("retry-after")).hasValue("30");
    JsonObject error = new JsonObject(third.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(error.getString("message")).startsWith("Rate limit reached for key " + keyName
        + " on requests per minute: limit 2.");
    assertThat(upstream.received()).hasSize(2);
  }

  @Test
  void memoryStore_streamingOnlyLoad_isLimitedByTokens() throws Exception {
    Gateway g = gateway(config(new Limits(null, 200L, null, null, null, null),
        LimitStoreSettings.MEMORY));
    String stream = HELLO + ",\"stream\":true}";

    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(post(g, stream));
    }
    int ok = 0;
    for (CompletableFuture<HttpResponse<String>> f : all) {
      int status = f.get(30, TimeUnit.SECONDS).statusCode();
      assertThat(status).isIn(200, 429);
      ok += status == 200 ? 1 : 0;
    }

    // each stream reserves 61 tokens: at most 3 fit in 200 while in flight, a few more once
    // reconciled down to their real usage
    assertThat(ok).isBetween(3, 12);
    assertThat(upstream.received()).hasSize(ok);
  }

  @Test
  void redisStore_threeGatewaysShareOneLimit_under200ConcurrentRequests() throws Exception {
    Redis redis = redisOrSkip();
    try {
      GatewayConfig config = config(new Limits(50L, null, null, null, null, null),
          new LimitStoreSettings(LimitStoreSettings.Kind.REDIS, REDIS_URL, false));
      List<Gateway> three = List.of(gateway(config), gateway(config), gateway(config));

      long started = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(post(three.get(i % 3), HELLO + "}"));
      }
      int ok = 0;
      for (CompletableFuture<HttpResponse<String>> f : all) {
        HttpResponse<String> resp = f.get(60, TimeUnit.SECONDS);
        assertThat(resp.statusCode()).as(resp.body()).isIn(200, 429);
        ok += resp.statusCode() == 200 ? 1 : 0;
      }
      double seconds = (System.nanoTime() - started) / 1e9;

      // 50 per minute shared by the three: 50, plus what refilled meanwhile (< 1 per 1.2 s)
      assertThat(ok).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(50 + (int) (seconds / 1.2) + 1);
      assertThat(upstream.received()).hasSize(ok);
    } finally {
      forgetBuckets(redis);
    }
  }

  @Test
  void redisStore_threeGateways_usedUpLimitRefillsOneRequestPerSecond() throws Exception {
    Redis redis = redisOrSkip();
    try {
      // 60 per minute: a token bucket refilling continuously, one request every second
      GatewayConfig config = config(new Limits(60L, null, null, null, null, null),
          new LimitStoreSettings(LimitStoreSettings.Kind.REDIS, REDIS_URL, false));
      List<Gateway> three = List.of(gateway(config), gateway(config), gateway(config));

      long started = System.nanoTime();
      List<Sent> first = burst(three, 120);
      int usedUp = admitted(first);
      Sent refused = lastRefused(first);

      // 60, plus at most one per second that passed (and one partly refilled) while it ran
      assertThat(usedUp).isGreaterThanOrEqualTo(60)
          .isLessThanOrEqualTo(60 + wholeSecondsSince(started) + 1);
      assertThat(refused.response().headers().firstValue("retry-after")).hasValue("1");

      // Redis refills on its own TIME: only waiting shows the window moving on
      Thread.sleep(2500);
      List<Sent> second = burst(three, 30);
      int refilled = admitted(second);

      // when `refused` was decided (after it was sent) the bucket had less than one request
      // left; since then it refilled one per second: never more comes back than that (+1 for
      // the partial unit it held), and after 2.5 s at least one has
      assertThat(refilled).isGreaterThanOrEqualTo(1)
          .isLessThanOrEqualTo(wholeSecondsSince(refused.sentNanos()) + 1);
      assertThat(lastRefused(second).response().statusCode()).isEqualTo(429);
      assertThat(usedUp + refilled).isLessThanOrEqualTo(60 + wholeSecondsSince(started) + 1);
      assertThat(upstream.received()).hasSize(usedUp + refilled);
    } finally {
      forgetBuckets(redis);
    }
  }

  /** A request and when it was handed to the client (before it could reach a gateway). */
  private record Sent(long sentNanos, HttpResponse<String> response) {}

  /** {@code n} concurrent requests spread over {@code gateways}; each is 200 or 429. */
  private static List<Sent> burst(List<Gateway> gateways, int n) throws Exception {
    List<Long> sent = new ArrayList<>(n);
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sent.add(System.nanoTime());
      all.add(post(gateways.get(i % gateways.size()), HELLO + "}"));
    }
    List<Sent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      HttpResponse<String> resp = all.get(i).get(60, TimeUnit.SECONDS);
      assertThat(resp.statusCode()).as(resp.body()).isIn(200, 429);
      out.add(new Sent(sent.get(i), resp));
    }
    return out;
  }

  private static int admitted(List<Sent> sent) {
    return (int) sent.stream().filter(s -> s.response().statusCode() == 200).count();
  }

  /** The refused request sent last. */
  private static Sent lastRefused(List<Sent> sent) {
    Sent last = null;
    for (Sent s : sent) {
      if (s.response().statusCode() == 429) {
        last = s;
      }
    }
    assertThat(last).as("no request was refused").isNotNull();
    return last;
  }

  /** Seconds since {@code nanos}, rounded up: a bound in the safe direction. */
  private static int wholeSecondsSince(long nanos) {
    return (int) Math.ceil((System.nanoTime() - nanos) / 1e9);
  }

  private Redis redisOrSkip() {
    return TestRedis.connectOrSkip(vertx);
  }

  /** Deletes the key's buckets, then closes {@code redis}. */
  private void forgetBuckets(Redis redis) throws Exception {
    Request del = Request.cmd(Command.DEL);
    for (String m : List.of("requests", "tokens", "concurrent")) {
      del.arg("gantry:limits:key:" + keyName + ":" + m);
    }
    redis.send(del).await(5, TimeUnit.SECONDS);
    redis.close();
  }
}
