package dev.gantry.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.CachePolicy;
import dev.gantry.config.CacheSettings;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.Team;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import dev.gantry.gateway.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache through a real gateway: last user turns are embedded by the in-process
 * MiniLM model (the default embedding alias), a paraphrase in the same context is served the
 * earlier answer without a provider call, and everything else (another question, another system
 * prompt, another team, a purge, an embedding model that cannot answer) reaches the provider.
 */
class SemanticCacheEndToEndTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String ASKED = "What is the capital of France?";
  /** MiniLM's cosine similarity to {@link #ASKED}: 0.977. */
  private static final String PARAPHRASE = "What is France's capital?";
  /** 0.932. */
  private static final String REWORDED = "Which city is the capital of France?";
  /** 0.673: close, but another question. */
  private static final String NEAR = "What is the capital of Germany?";
  /** 0.137. */
  private static final String OTHER = "How long should I boil an egg?";
  private static final double THRESHOLD = 0.9;

  private static Vertx vertx;
  private static FakeOpenAiUpstream upstream;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private BlockedThreadGuard guard;
  private final List<Gateway> gateways = new ArrayList<>();
  private long callsBefore;

  @BeforeAll
  static void startUpstream() throws Exception {
    vertx = GantryHarness.strictVertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopUpstream() throws Exception {
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() {
    guard = BlockedThreadGuard.install();
    callsBefore = upstream.calls(CHAT);
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway g : gateways) {
      g.close().await(20, TimeUnit.SECONDS);
    }
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  private Gateway gateway(CacheSettings cache, String embeddingModel) throws Exception {
    ProviderSettings fake = new ProviderSettings.OpenAi("fake", upstream.baseUrl(),
        SecretRef.literal("upstream-key"), null, Map.of(), Map.of(), Duration.ofSeconds(10), 64);
    ProviderSettings dead = new ProviderSettings.OpenAi("dead", "http://127.0.0.1:9/v1",
        SecretRef.literal("upstream-key"), null, Map.of(), Map.of(), Duration.ofSeconds(2), 4);
    TokenizerSpec o200k = new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "o200k_base");
    ModelAlias chat = new ModelAlias("chat", ModelKind.CHAT,
        List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null, o200k, null, null, null,
        new CachePolicy(null, null, new CachePolicy.Semantic(THRESHOLD, embeddingModel)));
    ModelAlias exact = new ModelAlias("exact", ModelKind.CHAT,
        List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null, o200k, null, null, null,
        CachePolicy.INHERIT);
    ModelAlias local = new ModelAlias("local-embed", ModelKind.EMBEDDINGS,
        List.of(new Deployment("local", "all-minilm-l6-v2", 1, null)), null, null);
    ModelAlias broken = new ModelAlias("broken-embed", ModelKind.EMBEDDINGS,
        List.of(new Deployment("dead", "e5", 1, null)), null, null);
    List<ApiKey> keys = List.of(
        new ApiKey("a", SecretRef.literal("sk-a-" + run), null, List.of(), false, red(), null),
        new ApiKey("b", SecretRef.literal("sk-b-" + run), null, List.of(), false, red(), null),
        new ApiKey("c", SecretRef.literal("sk-c-" + run), null, List.of(), false, blue(), null),
        new ApiKey("admin", SecretRef.literal("sk-admin-" + run), null, List.of(), true, null,
            null));
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("fake", fake, "dead", dead, "local", new ProviderSettings.Local("local", 1, 8)),
        List.of(chat, exact, local, broken), keys,
        List.of(new Team(red(), null), new Team(blue(), null)), LimitStoreSettings.MEMORY, null,
        cache);
    Gateway g = Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
    gateways.add(g);
    // The in-process model loads after start; a question asked before would wait for it and
    // could pass the embedding's time limit on a loaded machine (a miss, not what is tested).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!g.ready() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(g.ready()).as("the local embedding model loaded").isTrue();
    return g;
  }

  private String red() {
    return "red-" + run;
  }

  private String blue() {
    return "blue-" + run;
  }

  private static CacheSettings memory() {
    return new CacheSettings(true, CacheSettings.Store.MEMORY, null, 1 << 20,
        Duration.ofMinutes(5), CacheSettings.Scope.TEAM, false, null);
  }

  private HttpResponse<String> send(Gateway g, String method, String path, String key,
      String body) throws Exception {
    return CacheHttp.send(g, method, path, "sk-" + key + "-" + run, body);
  }

  private HttpResponse<String> ask(Gateway g, String key, String model, String system,
      String question, boolean stream) throws Exception {
    JsonObject body = new JsonObject().put("model", model).put("temperature", 0)
        .put("stream", stream);
    List<JsonObject> messages = new ArrayList<>();
    if (system != null) {
      messages.add(new JsonObject().put("role", "system").put("content", system));
    }
    messages.add(new JsonObject().put("role", "user").put("content", question));
    body.put("messages", messages);
    HttpResponse<String> response = send(g, "POST", CHAT, key, body.encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static String cache(HttpResponse<String> r) {
    return r.headers().firstValue("x-gantry-cache").orElse(null);
  }

  private static double similarity(HttpResponse<String> r) {
    return Double.parseDouble(r.headers().firstValue("x-gantry-cache-similarity").orElseThrow());
  }

  private long calls() {
    return upstream.calls(CHAT) - callsBefore;
  }

  private static JsonObject message(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonArray("choices").getJsonObject(0)
        .getJsonObject("message");
  }

  @Test
  void paraphrase_inTheSameContext_isServedTheEarlierAnswer() throws Exception {
    Gateway g = gateway(memory(), "local-embed");

    HttpResponse<String> first = ask(g, "a", "chat", "Be brief.", ASKED, false);
    HttpResponse<String> second = ask(g, "b", "chat", "Be brief.", PARAPHRASE, false);

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(second)).isEqualTo("hit");
    assertThat(similarity(second)).isBetween(THRESHOLD, 1.0);
    assertThat(second.headers().firstValue("x-gantry-cost-usd")).hasValue("0");
    assertThat(message(second)).isEqualTo(message(first));
    assertThat(calls()).isEqualTo(1L);
  }

  @Test
  void anotherQuestion_anotherSystemPrompt_orAnotherTeam_reachTheProvider() throws Exception {
    Gateway g = gateway(memory(), "local-embed");
    ask(g, "a", "chat", "Be brief.", ASKED, false);

    HttpResponse<String> near = ask(g, "a", "chat", "Be brief.", NEAR, false);
    HttpResponse<String> other = ask(g, "a", "chat", "Be brief.", OTHER, false);
    HttpResponse<String> otherSystem = ask(g, "a", "chat", "Answer in French.", PARAPHRASE,
        false);
    HttpResponse<String> otherTeam = ask(g, "c", "chat", "Be brief.", PARAPHRASE, false);
    HttpResponse<String> exactOnly = ask(g, "a", "exact", "Be brief.", ASKED, false);
    HttpResponse<String> exactOnlyParaphrase = ask(g, "a", "exact", "Be brief.", PARAPHRASE,
        false);

    assertThat(List.of(near, other, otherSystem, otherTeam, exactOnly, exactOnlyParaphrase))
        .allSatisfy(r -> {
          assertThat(cache(r)).isEqualTo("miss");
          assertThat(r.headers().firstValue("x-gantry-cache-similarity")).isEmpty();
        });
    assertThat(calls()).isEqualTo(7L);
  }

  @Test
  void streamedAnswer_servesAParaphrase_asAStream() throws Exception {
    Gateway g = gateway(memory(), "local-embed");

    HttpResponse<String> first = ask(g, "a", "chat", null, ASKED, true);
    HttpResponse<String> second = ask(g, "a", "chat", null, PARAPHRASE, true);
    HttpResponse<String> whole = ask(g, "a", "chat", null, REWORDED, false);

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(second)).isEqualTo("hit");
    assertThat(second.body()).endsWith("data: [DONE]\n\n");
    assertThat(dataLines(second.body())).isEqualTo(dataLines(first.body()));
    assertThat(cache(whole)).isEqualTo("hit");
    assertThat(message(whole).getString("content")).isNotBlank();
    assertThat(calls()).isEqualTo(1L);
  }

  private static long dataLines(String sse) {
    return sse.lines().filter(l -> l.startsWith("data: ")).count();
  }

  @Test
  void purge_removesTheVectorsWithTheAnswers() throws Exception {
    Gateway g = gateway(memory(), "local-embed");
    ask(g, "a", "chat", null, ASKED, false);

    HttpResponse<String> stats = send(g, "GET", "/admin/v1/cache", "admin", null);
    HttpResponse<String> purged = send(g, "DELETE", "/admin/v1/cache?alias=chat", "admin", null);
    HttpResponse<String> after = ask(g, "a", "chat", null, PARAPHRASE, false);

    assertThat(new JsonObject(stats.body()).getBoolean("semantic")).isTrue();
    assertThat(new JsonObject(purged.body()).getLong("purged")).isEqualTo(1);
    assertThat(new JsonObject(purged.body()).getLong("purged_vectors")).isEqualTo(1);
    assertThat(cache(after)).isEqualTo("miss");
    assertThat(calls()).isEqualTo(2L);
  }

  @Test
  void embeddingModelThatCannotAnswer_leavesRequestsServed() throws Exception {
    Gateway g = gateway(memory(), "broken-embed");

    HttpResponse<String> first = ask(g, "a", "chat", null, ASKED, false);
    HttpResponse<String> second = ask(g, "a", "chat", null, PARAPHRASE, false);
    HttpResponse<String> repeated = ask(g, "a", "chat", null, ASKED, false);

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(second)).isEqualTo("miss");
    assertThat(cache(repeated)).as("the exact cache still works").isEqualTo("hit");
    assertThat(calls()).isEqualTo(2L);
  }

  @Test
  void redisStore_aParaphraseOnAnotherGateway_isServedTheAnswer() throws Exception {
    TestRedis.connectOrSkip(vertx).close();
    CacheSettings redis = new CacheSettings(true, CacheSettings.Store.REDIS, TestRedis.URL,
        1 << 20, Duration.ofMinutes(5), CacheSettings.Scope.TEAM, false, null);
    Gateway one = gateway(redis, "local-embed");
    Gateway two = gateway(redis, "local-embed");

    HttpResponse<String> first = ask(one, "a", "chat", "Be brief.", ASKED, false);
    HttpResponse<String> second = ask(two, "b", "chat", "Be brief.", PARAPHRASE, false);
    HttpResponse<String> otherTeam = ask(two, "c", "chat", "Be brief.", PARAPHRASE, false);
    HttpResponse<String> purged = send(one, "DELETE", "/admin/v1/cache?namespace=team:" + red(),
        "admin", null);
    send(one, "DELETE", "/admin/v1/cache?namespace=team:" + blue(), "admin", null);

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(second)).isEqualTo("hit");
    assertThat(similarity(second)).isBetween(THRESHOLD, 1.0);
    assertThat(message(second)).isEqualTo(message(first));
    assertThat(cache(otherTeam)).isEqualTo("miss");
    assertThat(new JsonObject(purged.body()).getLong("purged_vectors")).isEqualTo(1);
    assertThat(calls()).isEqualTo(2L);
  }
}
