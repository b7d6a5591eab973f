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
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.FakeBedrock;
import dev.gantry.gateway.testing.FakeVertex;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tokenizer: provider} through a real gateway: the prompt is counted by the fakes' count
 * routes (Bedrock {@code CountTokens}, SigV4-checked; Vertex Gemini {@code :countTokens} and
 * Claude {@code count-tokens:rawPredict}, token-checked), the count is cached per request shape,
 * a failed or slow count falls back to the estimate without failing the request, and a model's
 * tokens-per-minute limit admits or refuses by the provider's count.
 */
class ProviderCountEndToEndTest {

  private static final String KEY = "sk-count-e2e";
  private static final String NOVA = "us.amazon.nova-micro-v1:0";
  private static final String NOVA_COUNT = "/model/us.amazon.nova-micro-v1%3A0/count-tokens";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static BlockedThreadGuard guard;
  private static Vertx vertx;
  private static FakeBedrock bedrock;
  private static FakeVertex google;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = GantryHarness.strictVertx();
    bedrock = new FakeBedrock(vertx).start().await(10, TimeUnit.SECONDS);
    google = new FakeVertex(vertx).start().await(10, TimeUnit.SECONDS);
    gateway = Gateway.start(vertx, config(), Map.of()).await(30, TimeUnit.SECONDS);
    // Guard from the first counted request on: this class may run first in its JVM, when the
    // gateway's start and a first request spend over the strict 500 ms in class loading alone
    // on a busy machine, which is not what this test is about.
    post("/gantry/v1/tokenize", chat("gemini", "Warm up", 10));
    guard = BlockedThreadGuard.install();
  }

  private static GatewayConfig config() {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("aws", new ProviderSettings.Bedrock("aws", FakeBedrock.REGION,
        bedrock.endpoint(), null, SecretRef.literal(FakeBedrock.ACCESS_KEY_ID),
        SecretRef.literal(FakeBedrock.SECRET_ACCESS_KEY), null, null, Duration.ofSeconds(10), 8));
    providers.put("gcp", new ProviderSettings.Vertex("gcp", FakeVertex.PROJECT,
        FakeVertex.LOCATION, google.endpoint(), null, SecretRef.literal(FakeVertex.ACCESS_TOKEN),
        Duration.ofSeconds(10), 8));
    List<ModelAlias> models = List.of(
        counted("nova", new Deployment("aws", NOVA, 1, null), null),
        counted("nova-limited", new Deployment("aws", NOVA, 1, null),
            new Limits(null, 1_000L, null, null, null, null)),
        // only the limit test uses it: its bucket is full when that test starts
        counted("nova-tpm", new Deployment("aws", NOVA, 1, null),
            new Limits(null, 1_000L, null, null, null, null)),
        counted("gemini", new Deployment("gcp", "gemini-2.5-flash", 1, null), null),
        counted("claude", new Deployment("gcp", "claude-sonnet-4-5@20250929", 1, null), null));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        providers, models, List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of(),
            false, null, Limits.NONE)), List.of(), LimitStoreSettings.MEMORY);
  }

  private static ModelAlias counted(String name, Deployment deployment, Limits limits) {
    return new ModelAlias(name, ModelKind.CHAT, List.of(deployment), null,
        TokenizerSpec.PROVIDER, null, null, limits);
  }

  @AfterEach
  void restore() {
    bedrock.override(NOVA_COUNT, null);
    bedrock.countTokens(21);
    google.override("countTokens", null);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    bedrock.close().await(10, TimeUnit.SECONDS);
    google.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(bedrock.problems()).as("Bedrock calls signed, addressed and shaped right").isEmpty();
    assertThat(google.problems()).as("Vertex calls authorized, addressed and shaped right")
        .isEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  /** A chat body with a prompt no other test sends (the count cache is per request shape). */
  private static String chat(String model, String prompt, int maxTokens) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
            + path)).timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .header("authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int tokenize(String body) throws Exception {
    HttpResponse<String> resp = post("/gantry/v1/tokenize", body);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject json = new JsonObject(resp.body());
    assertThat(json.getString("tokenizer")).isEqualTo("provider");
    return json.getInteger("count");
  }

  private static long bedrockCounts() {
    return bedrock.received().stream().filter(r -> r.operation().equals("count-tokens")).count();
  }

  @Test
  void tokenize_bedrock_isCountTokensOfTheConverseInput() throws Exception {
    bedrock.countTokens(321);

    assertThat(tokenize(chat("nova", "Count me on Bedrock " + UUID.randomUUID(), 10)))
        .isEqualTo(321);

    FakeBedrock.Received call = bedrock.last();
    assertThat(call.rawPath()).isEqualTo(NOVA_COUNT);
    JsonObject converse = call.body().getJsonObject("input").getJsonObject("converse");
    assertThat(converse.getJsonArray("system").getJsonObject(0).getString("text"))
        .isEqualTo("Be brief.");
    assertThat(converse.getJsonArray("messages")).hasSize(1);
    assertThat(converse.containsKey("inferenceConfig")).as("max_tokens is not counted").isFalse();
  }

  @Test
  void tokenize_gemini_isCountTokensOfTheGenerateContentInput() throws Exception {
    assertThat(tokenize(chat("gemini", "Count me on Gemini " + UUID.randomUUID(), 10)))
        .as("the recorded totalTokens").isEqualTo(13);

    FakeVertex.Received call = google.last();
    assertThat(call.method()).isEqualTo("countTokens");
    assertThat(call.model()).isEqualTo("gemini-2.5-flash");
    assertThat(call.body().getJsonObject("systemInstruction")).isNotNull();
    assertThat(call.body().getJsonArray("contents")).hasSize(1);
  }

  @Test
  void tokenize_claudeOnVertex_isCountTokensRawPredict() throws Exception {
    google.claudeCountTokens(42);

    assertThat(tokenize(chat("claude", "Count me on Claude " + UUID.randomUUID(), 10)))
        .isEqualTo(42);

    FakeVertex.Received call = google.last();
    assertThat(call.model()).isEqualTo("count-tokens");
    assertThat(call.method()).isEqualTo("rawPredict");
    assertThat(call.body().getString("model")).isEqualTo("claude-sonnet-4-5@20250929");
    assertThat(call.body().getString("system")).isEqualTo("Be brief.");
    assertThat(call.body().containsKey("max_tokens")).isFalse();
  }

  @Test
  void count_sameShapeTwice_asksTheProviderOnce() throws Exception {
    bedrock.countTokens(77);
    String body = chat("nova", "Cache me " + UUID.randomUUID(), 10);
    long before = bedrockCounts();

    assertThat(tokenize(body)).isEqualTo(77);
    bedrock.countTokens(78);
    assertThat(tokenize(body)).as("the cached count").isEqualTo(77);
    HttpResponse<String> served = post("/v1/chat/completions", body);

    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(bedrockCounts() - before).as("one CountTokens call for one request shape")
        .isEqualTo(1);
  }

  @Test
  void count_providerFails_estimatesAndStillServes() throws Exception {
    bedrock.override(NOVA_COUNT, req -> req.response().setStatusCode(500)
        .putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", "InternalServerException")
        .end("{\"message\":\"Internal server error\"}"));
    google.override("countTokens", req -> FakeVertex.rpcError(req, 500, "INTERNAL",
        "Internal error encountered."));
    String prompt = "Fail to count me " + UUID.randomUUID();

    int estimate = tokenize(chat("nova", prompt, 10));
    HttpResponse<String> served = post("/v1/chat/completions", chat("nova-limited", prompt, 10));
    int geminiEstimate = tokenize(chat("gemini", prompt, 10));

    assertThat(estimate).as("the estimate, not the fake's 21").isNotEqualTo(21).isPositive();
    assertThat(geminiEstimate).as("the estimate, not the recorded 13").isEqualTo(estimate);
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
  }

  @Test
  void count_providerTooSlow_estimatesAfterTheTimeout() throws Exception {
    bedrock.override(NOVA_COUNT, req -> { });
    long started = System.nanoTime();

    int count = tokenize(chat("nova", "Never answered " + UUID.randomUUID(), 10));

    assertThat(count).isNotEqualTo(21).isPositive();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void tokensPerMinute_admitsOrRefusesByTheProvidersCount() throws Exception {
    bedrock.countTokens(5_000);
    HttpResponse<String> refused = post("/v1/chat/completions",
        chat("nova-tpm", "Too big by the provider's count " + UUID.randomUUID(), 10));
    bedrock.countTokens(100);
    HttpResponse<String> admitted = post("/v1/chat/completions",
        chat("nova-tpm", "Small by the provider's count " + UUID.randomUUID(), 10));

    assertThat(refused.statusCode()).as("a short prompt the provider counts as 5,000 tokens")
        .isEqualTo(429);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message"))
        .startsWith("Rate limit reached for model nova-tpm on tokens per minute: limit 1000.");
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
    assertThat(admitted.headers().firstValue("x-ratelimit-remaining-tokens"))
        .as("100 counted + 10 max_tokens reserved").hasValue("890");
  }
}
