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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache through a real gateway in front of the fake OpenAI upstream (recorded
 * answers and streams): repeated requests are served without a call, streams are replayed as they
 * came (tool-call deltas included) and serve non-streaming requests too, Cache-Control is obeyed,
 * tenants never see each other's answers, sampled requests bypass, embeddings are cached per
 * input, and operators can purge.
 */
class CacheEndToEndTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String ASK = "{\"model\":\"chat\",\"temperature\":0,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]";
  private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{"
      + "\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{"
      + "\"city\":{\"type\":\"string\"}}}}}]";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private BlockedThreadGuard guard;
  private Vertx vertx;
  private FakeOpenAiUpstream upstream;
  private final List<Gateway> gateways = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    guard = BlockedThreadGuard.install();
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
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  private Gateway gateway(CacheSettings cache) throws Exception {
    ProviderSettings fake = new ProviderSettings.OpenAi("fake", upstream.baseUrl(),
        SecretRef.literal("upstream-key"), null, Map.of(), Map.of(), Duration.ofSeconds(10), 64);
    TokenizerSpec o200k = new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "o200k_base");
    ModelAlias chat = new ModelAlias("chat", ModelKind.CHAT,
        List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null, o200k, null, null, null,
        CachePolicy.INHERIT);
    ModelAlias fresh = new ModelAlias("fresh", ModelKind.CHAT,
        List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null, o200k, null, null, null,
        new CachePolicy(false, null));
    ModelAlias embed = new ModelAlias("embed", ModelKind.EMBEDDINGS,
        List.of(new Deployment("fake", "text-embedding-3-small", 1, null)), null, o200k);
    List<ApiKey> keys = List.of(
        new ApiKey("a", SecretRef.literal("sk-a-" + run), null, List.of(), false, "red", null),
        new ApiKey("b", SecretRef.literal("sk-b-" + run), null, List.of(), false, "red", null),
        new ApiKey("c", SecretRef.literal("sk-c-" + run), null, List.of(), false, "blue", null),
        new ApiKey("admin", SecretRef.literal("sk-admin-" + run), null, List.of(), true, null,
            null));
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("fake", fake), List.of(chat, fresh, embed), keys,
        List.of(new Team("red", null), new Team("blue", null)), LimitStoreSettings.MEMORY, null,
        cache);
    Gateway g = Gateway.start(vertx, config, Map.of()).await(30, TimeUnit.SECONDS);
    gateways.add(g);
    return g;
  }

  private static CacheSettings memory() {
    return new CacheSettings(true, CacheSettings.Store.MEMORY, null, 1 << 20,
        Duration.ofMinutes(5), CacheSettings.Scope.TEAM, false, null);
  }

  private HttpResponse<String> send(Gateway g, String method, String path, String key,
      String body, String... headers) throws Exception {
    return CacheHttp.send(g, method, path, "sk-" + key + "-" + run, body, headers);
  }

  private HttpResponse<String> chat(Gateway g, String key, String body, String... headers)
      throws Exception {
    return send(g, "POST", CHAT, key, body, headers);
  }

  private static String cache(HttpResponse<String> r) {
    return r.headers().firstValue("x-gantry-cache").orElse(null);
  }

  /** The SSE events' JSON without the per-response id and created time. */
  private static List<String> events(String sse) {
    return sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6))
        .map(d -> {
          if (d.equals("[DONE]")) {
            return d;
          }
          JsonObject o = new JsonObject(d);
          o.remove("id");
          o.remove("created");
          return o.encode();
        }).collect(Collectors.toList());
  }

  @Test
  void repeatedRequest_isAnsweredFromTheCache_withoutACall() throws Exception {
    Gateway g = gateway(memory());

    HttpResponse<String> first = chat(g, "a", ASK + "}");
    HttpResponse<String> second = chat(g, "a", ASK + "}");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(cache(first)).isEqualTo("miss");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(cache(second)).isEqualTo("hit");
    assertThat(second.headers().firstValue("age")).isPresent();
    assertThat(second.headers().firstValue("x-gantry-cost-usd")).hasValue("0");
    JsonObject a = new JsonObject(first.body());
    JsonObject b = new JsonObject(second.body());
    assertThat(b.getJsonArray("choices")).isEqualTo(a.getJsonArray("choices"));
    assertThat(b.getJsonObject("usage")).isEqualTo(a.getJsonObject("usage"));
    assertThat(b.getString("id")).as("each answer has its own id").isNotEqualTo(a.getString("id"));
    assertThat(upstream.calls(CHAT)).isEqualTo(1);
  }

  @Test
  void streamedAnswer_isReplayedChunkForChunk_andServesWholeRequestsToo() throws Exception {
    Gateway g = gateway(memory());
    String stream = ASK + TOOLS + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    HttpResponse<String> first = chat(g, "a", stream);
    HttpResponse<String> replay = chat(g, "a", stream);
    HttpResponse<String> whole = chat(g, "a", ASK + TOOLS + "}");

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(replay)).isEqualTo("hit");
    assertThat(events(replay.body())).isEqualTo(events(first.body()));
    assertThat(events(first.body())).as("a recorded tool-call stream").anyMatch(e ->
        e.contains("tool_calls"));
    assertThat(cache(whole)).isEqualTo("hit");
    JsonObject call = new JsonObject(whole.body()).getJsonArray("choices").getJsonObject(0)
        .getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0);
    assertThat(call.getJsonObject("function").getString("name")).isNotBlank();
    assertThat(new JsonObject(call.getJsonObject("function").getString("arguments"))).isNotNull();
    assertThat(upstream.calls(CHAT)).isEqualTo(1);
  }

  @Test
  void wholeAnswer_servesAStreamingRequest() throws Exception {
    Gateway g = gateway(memory());

    chat(g, "a", ASK + "}");
    HttpResponse<String> stream = chat(g, "a", ASK + ",\"stream\":true}");

    assertThat(cache(stream)).isEqualTo("hit");
    assertThat(stream.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    assertThat(events(stream.body())).last().isEqualTo("[DONE]");
    assertThat(upstream.calls(CHAT)).isEqualTo(1);
  }

  @Test
  void cacheControl_noCacheNoStoreMaxAgeAndOnlyIfCached() throws Exception {
    Gateway g = gateway(memory());

    HttpResponse<String> onlyIfCached = chat(g, "a", ASK + "}",
        "cache-control", "only-if-cached");
    HttpResponse<String> notStored = chat(g, "a", ASK + "}", "cache-control", "no-store");
    HttpResponse<String> stillMiss = chat(g, "a", ASK + "}", "cache-control", "no-cache");
    HttpResponse<String> skipped = chat(g, "a", ASK + "}", "cache-control", "no-cache");
    HttpResponse<String> tooOld = chat(g, "a", ASK + "}", "cache-control", "max-age=0");
    HttpResponse<String> fine = chat(g, "a", ASK + "}", "cache-control", "max-age=60");

    assertThat(onlyIfCached.statusCode()).isEqualTo(504);
    assertThat(new JsonObject(onlyIfCached.body()).getJsonObject("error").getString("code"))
        .isEqualTo("not_cached");
    assertThat(cache(notStored)).isEqualTo("miss");
    assertThat(cache(stillMiss)).as("nothing was stored by no-store").isEqualTo("miss");
    assertThat(cache(skipped)).as("no-cache does not read, though no-cache stored").isEqualTo("miss");
    assertThat(cache(tooOld)).isEqualTo("miss");
    assertThat(cache(fine)).isEqualTo("hit");
    assertThat(upstream.calls(CHAT)).as("every request but the 504 and the hit").isEqualTo(4);
  }

  @Test
  void tenants_neverSeeEachOthersAnswers_teamsShare() throws Exception {
    Gateway g = gateway(memory());

    chat(g, "a", ASK + "}");
    HttpResponse<String> sameTeam = chat(g, "b", ASK + "}");
    HttpResponse<String> otherTeam = chat(g, "c", ASK + "}");

    assertThat(cache(sameTeam)).isEqualTo("hit");
    assertThat(cache(otherTeam)).isEqualTo("miss");
    assertThat(upstream.calls(CHAT)).isEqualTo(2);
  }

  @Test
  void sampledRequests_bypass_andAnAliasCanOptOut() throws Exception {
    Gateway g = gateway(memory());
    String sampled = ASK.replace("\"temperature\":0", "\"temperature\":0.8") + "}";

    chat(g, "a", sampled);
    HttpResponse<String> again = chat(g, "a", sampled);
    chat(g, "a", ASK.replace("\"chat\"", "\"fresh\"") + "}");
    HttpResponse<String> fresh = chat(g, "a", ASK.replace("\"chat\"", "\"fresh\"") + "}");

    assertThat(cache(again)).isEqualTo("bypass");
    assertThat(cache(fresh)).isNull();
    assertThat(upstream.calls(CHAT)).isEqualTo(4);
  }

  @Test
  void errorsAndFilteredAnswers_areNotStored() throws Exception {
    Gateway g = gateway(memory());
    upstream.once(CHAT, req -> req.response().setStatusCode(400).putHeader("content-type",
        "application/json").end("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"));
    upstream.once(CHAT, req -> req.response().putHeader("content-type", "application/json")
        .end(new JsonObject(FakeOpenAiUpstream.resource("chat-basic.json")).put("choices",
            new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason",
                "content_filter").put("message", new JsonObject().put("role", "assistant")
                .put("content", "")))).encode()));

    HttpResponse<String> error = chat(g, "a", ASK + "}");
    HttpResponse<String> filtered = chat(g, "a", ASK + "}");
    HttpResponse<String> third = chat(g, "a", ASK + "}");

    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(filtered.statusCode()).isEqualTo(200);
    assertThat(cache(third)).isEqualTo("miss");
    assertThat(upstream.calls(CHAT)).isEqualTo(3);
  }

  @Test
  void embeddings_areCachedPerInput_onlyTheUncachedOnesAreSent() throws Exception {
    Gateway g = gateway(memory());
    String two = "{\"model\":\"embed\",\"input\":[\"alpha\",\"beta\"]}";

    HttpResponse<String> first = send(g, "POST", "/v1/embeddings", "a", two);
    HttpResponse<String> again = send(g, "POST", "/v1/embeddings", "a",
        "{\"model\":\"embed\",\"input\":[\"beta\",\"alpha\"]}");
    HttpResponse<String> partly = send(g, "POST", "/v1/embeddings", "a",
        "{\"model\":\"embed\",\"input\":[\"alpha\",\"gamma\"]}");

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(again)).isEqualTo("hit");
    JsonArray a = new JsonObject(first.body()).getJsonArray("data");
    JsonArray b = new JsonObject(again.body()).getJsonArray("data");
    assertThat(b.getJsonObject(1).getJsonArray("embedding"))
        .isEqualTo(a.getJsonObject(0).getJsonArray("embedding"));
    assertThat(cache(partly)).isEqualTo("miss");
    assertThat(partly.headers().firstValue("x-gantry-cache-inputs")).hasValue("1/2");
    assertThat(upstream.received().get(upstream.received().size() - 1).body().getValue("input"))
        .as("only the uncached input is sent").isEqualTo(new JsonArray().add("gamma"));
    JsonArray mixed = new JsonObject(partly.body()).getJsonArray("data");
    assertThat(mixed.size()).isEqualTo(2);
    assertThat(mixed.getJsonObject(0).getJsonArray("embedding"))
        .isEqualTo(a.getJsonObject(0).getJsonArray("embedding"));
    assertThat(mixed.getJsonObject(1).getInteger("index")).isEqualTo(1);
    assertThat(upstream.calls("/v1/embeddings")).isEqualTo(2);
  }

  @Test
  void redisStore_anAnswerCachedByOneGateway_servesAnother() throws Exception {
    TestRedis.connectOrSkip(vertx).close();
    CacheSettings redis = new CacheSettings(true, CacheSettings.Store.REDIS, TestRedis.URL,
        CacheSettings.DEFAULT_MAX_BYTES, Duration.ofMinutes(1), CacheSettings.Scope.TEAM, false,
        null);
    Gateway one = gateway(redis);
    Gateway two = gateway(redis);
    // this run's own question: entries of earlier runs cannot answer it
    String ask = ASK.replace("Hello, world!", "Hello from run " + run) + "}";
    String stream = ask.replace("}]}", "}],\"stream\":true}");

    HttpResponse<String> first = chat(one, "a", ask);
    HttpResponse<String> second = chat(two, "b", ask);
    HttpResponse<String> streamed = chat(two, "a", stream);
    HttpResponse<String> otherTeam = chat(two, "c", ask);
    HttpResponse<String> purged = send(one, "DELETE", "/admin/v1/cache?namespace=team:red",
        "admin", null);

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(second)).isEqualTo("hit");
    assertThat(new JsonObject(second.body()).getJsonArray("choices"))
        .isEqualTo(new JsonObject(first.body()).getJsonArray("choices"));
    assertThat(cache(streamed)).isEqualTo("hit");
    assertThat(events(streamed.body())).last().isEqualTo("[DONE]");
    assertThat(cache(otherTeam)).isEqualTo("miss");
    assertThat(new JsonObject(purged.body()).getLong("purged")).isGreaterThanOrEqualTo(1);
    assertThat(cache(chat(two, "a", ask))).as("purged on every gateway").isEqualTo("miss");
    assertThat(upstream.calls(CHAT)).isEqualTo(3);
    send(one, "DELETE", "/admin/v1/cache?namespace=team:blue", "admin", null);
    send(one, "DELETE", "/admin/v1/cache?namespace=team:red", "admin", null);
  }

  @Test
  void admin_seesStatsAndPurges() throws Exception {
    Gateway g = gateway(memory());
    chat(g, "a", ASK + "}");

    HttpResponse<String> stats = send(g, "GET", "/admin/v1/cache", "admin", null);
    HttpResponse<String> refused = send(g, "DELETE", "/admin/v1/cache", "a", null);
    HttpResponse<String> purged = send(g, "DELETE", "/admin/v1/cache?namespace=team:red",
        "admin", null);
    HttpResponse<String> after = chat(g, "a", ASK + "}");

    assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
    assertThat(new JsonObject(stats.body()).getLong("entries")).isEqualTo(1);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(purged.body()).getLong("purged")).isEqualTo(1);
    assertThat(cache(after)).isEqualTo("miss");
    assertThat(g.metrics().scrape()).contains("gantry_cache_lookups_total")
        .contains("outcome=\"miss\"");
  }

  /**
   * A legacy completion stream in OpenAI's documented form (text chunks, the finish reason on the
   * last, a usage chunk), its text that of the recorded TGI completion.
   */
  private void streamCompletions() {
    upstream.override("/v1/completions", req -> {
      boolean stream = upstream.received().get(upstream.received().size() - 1).body()
          .getBoolean("stream", false);
      if (!stream) {
        req.response().putHeader("content-type", "application/json")
            .end(FakeOpenAiUpstream.resource("completion-tgi.json"));
        return;
      }
      String head = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,"
          + "\"model\":\"gpt-3.5-turbo-instruct\",";
      req.response().putHeader("content-type", "text/event-stream").end(FakeOpenAiUpstream.sse(
          head + "\"choices\":[{\"index\":0,\"text\":\" A Beginner\",\"finish_reason\":null,"
              + "\"logprobs\":null}]}",
          head + "\"choices\":[{\"index\":0,\"text\":\"’s Guide\\nDeep learning is a subset\","
              + "\"finish_reason\":\"length\",\"logprobs\":null}]}",
          head + "\"choices\":[],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":10,"
              + "\"total_tokens\":16}}",
          "[DONE]"));
    });
  }

  @Test
  void streamedCompletion_isStoredWhole_andServesBothForms() throws Exception {
    streamCompletions();
    Gateway g = gateway(memory());
    String ask = "{\"model\":\"chat\",\"temperature\":0,\"prompt\":\"What is deep learning?\","
        + "\"max_tokens\":10";
    String stream = ask + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    HttpResponse<String> first = send(g, "POST", "/v1/completions", "a", stream);
    HttpResponse<String> replay = send(g, "POST", "/v1/completions", "a", stream);
    HttpResponse<String> whole = send(g, "POST", "/v1/completions", "a", ask + "}");

    assertThat(cache(first)).isEqualTo("miss");
    assertThat(cache(replay)).isEqualTo("hit");
    assertThat(text(first.body())).isEqualTo(" A Beginner’s Guide\nDeep learning is a subset");
    assertThat(text(replay.body())).isEqualTo(text(first.body()));
    List<String> events = events(replay.body());
    assertThat(events).last().isEqualTo("[DONE]");
    assertThat(new JsonObject(events.get(events.size() - 2)).getJsonObject("usage")
        .getInteger("total_tokens")).isEqualTo(16);
    assertThat(events).anyMatch(e -> e.contains("\"finish_reason\":\"length\""));
    assertThat(cache(whole)).isEqualTo("hit");
    JsonObject choice = new JsonObject(whole.body()).getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("text")).isEqualTo(text(first.body()));
    assertThat(choice.getString("finish_reason")).isEqualTo("length");
    assertThat(upstream.calls("/v1/completions")).isEqualTo(1);
  }

  @Test
  void brokenCompletionStream_isNotStored() throws Exception {
    Gateway g = gateway(memory());
    upstream.override("/v1/completions", req -> req.response()
        .putHeader("content-type", "text/event-stream").end(FakeOpenAiUpstream.sse(
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"text\":\" A Beg\",\"finish_reason\":null}]}")));
    String stream = "{\"model\":\"chat\",\"temperature\":0,\"prompt\":\"Hi\",\"stream\":true}";

    send(g, "POST", "/v1/completions", "a", stream);
    HttpResponse<String> again = send(g, "POST", "/v1/completions", "a", stream);

    assertThat(cache(again)).isEqualTo("miss");
    assertThat(upstream.calls("/v1/completions")).isEqualTo(2);
  }

  /** The text the completion chunks of an SSE body carry, concatenated. */
  private static String text(String sse) {
    StringBuilder text = new StringBuilder();
    for (String e : events(sse)) {
      if (!e.equals("[DONE]")) {
        JsonArray choices = new JsonObject(e).getJsonArray("choices");
        for (int i = 0; i < choices.size(); i++) {
          text.append(choices.getJsonObject(i).getString("text", ""));
        }
      }
    }
    return text.toString();
  }
}
