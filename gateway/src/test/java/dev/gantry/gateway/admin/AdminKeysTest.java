package dev.gantry.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.Price;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual keys through {@code /admin/v1/keys} on a gateway with an embedded state store: a key
 * created there works at once, rotation retires the old plaintext, revocation the new one; key
 * and team budgets (teams through {@code /admin/v1/teams}) refuse or mark requests.
 */
class AdminKeysTest {

  private static final String ADMIN = "sk-admin-keys-test";
  private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Vertx vertx;
  private FakeOpenAiUpstream upstream;
  private Gateway gateway;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    vertx = GantryHarness.strictVertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    GatewayConfig config = new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20,
        Duration.ofSeconds(30)), Map.of("fake", new ProviderSettings.OpenAi("fake",
        upstream.baseUrl(), null, null, Map.of(), Map.of(), Duration.ofSeconds(10), 8)),
        List.of(new ModelAlias("chat", ModelKind.CHAT,
            List.of(new Deployment("fake", "gpt-4o-mini", 1, null, Map.of(), 0,
                new Price(1.0, 2.0, 0.5), Map.of(), 0, 0)), null)),
        List.of(new ApiKey("ops", SecretRef.literal(ADMIN), null, List.of(), true)), List.of(),
        null, StateStoreSettings.embedded(dir.resolve("state").toString()));
    gateway = Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void keys_createUseRotateRevoke() throws Exception {
    HttpResponse<String> created = send("POST", "/admin/v1/keys",
        "{\"name\":\"app\",\"models\":[\"chat\"],\"limits\":{\"rpm\":100}}", ADMIN);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject key = new JsonObject(created.body());
    String first = key.getString("key");
    assertThat(first).startsWith("gk-");
    assertThat(key.getString("key_prefix")).isEqualTo(first.substring(0, 8));
    assertThat(key.getJsonObject("limits").getLong("rpm")).isEqualTo(100);
    assertThat(send("POST", "/v1/chat/completions", CHAT, first).statusCode())
        .as("usable at once").isEqualTo(200);

    HttpResponse<String> list = send("GET", "/admin/v1/keys", null, ADMIN);
    assertThat(list.body()).contains("\"name\":\"app\"").doesNotContain(first);

    String id = key.getString("id");
    HttpResponse<String> updated = send("PUT", "/admin/v1/keys/" + id,
        "{\"name\":\"app\",\"models\":[\"chat\"],\"limits\":{\"rpm\":7}}", ADMIN);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(new JsonObject(updated.body()).getJsonObject("limits").getLong("rpm"))
        .isEqualTo(7);
    assertThat(updated.body()).doesNotContain(first);
    assertThat(send("POST", "/v1/chat/completions", CHAT, first).statusCode())
        .as("an updated key keeps working").isEqualTo(200);

    String second = new JsonObject(send("POST", "/admin/v1/keys/" + id + "/rotate", null, ADMIN)
        .body()).getString("key");
    assertThat(send("POST", "/v1/chat/completions", CHAT, first).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/v1/chat/completions", CHAT, second).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = send("DELETE", "/admin/v1/keys/" + id, null, ADMIN);
    assertThat(new JsonObject(revoked.body()).getString("revoked_at")).isNotNull();
    assertThat(send("POST", "/v1/chat/completions", CHAT, second).statusCode()).isEqualTo(401);
  }

  @Test
  void usage_isRecordedPerKeyWithItsCost() throws Exception {
    String key = new JsonObject(send("POST", "/admin/v1/keys", "{\"name\":\"metered\"}", ADMIN)
        .body()).getString("key");
    for (int i = 0; i < 3; i++) {
      assertThat(send("POST", "/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> resp = send("GET", "/admin/v1/usage?group_by=key", null, ADMIN);

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonObject row = null;
    for (Object o : new JsonObject(resp.body()).getJsonArray("data")) {
      if ("metered".equals(((JsonObject) o).getString("group"))) {
        row = (JsonObject) o;
      }
    }
    assertThat(row).as(resp.body()).isNotNull();
    assertThat(row.getLong("requests")).isEqualTo(3);
    // the recorded answer: 8 prompt and 9 completion tokens, at 1.0 and 2.0 per million
    assertThat(row.getLong("input_tokens")).isEqualTo(24);
    assertThat(row.getLong("output_tokens")).isEqualTo(27);
    assertThat(row.getDouble("cost_usd")).isCloseTo(3 * 26e-6, org.assertj.core.api.Assertions
        .within(1e-9));
    assertThat(send("GET", "/admin/v1/usage?group_by=week", null, ADMIN).statusCode())
        .isEqualTo(400);
  }

  @Test
  void hardBudget_stopsTheKeyOnceItsSpendReachesTheCap() throws Exception {
    // each answer costs 26e-6 USD here: the third finds 52e-6 spent of a 50e-6 budget
    String key = new JsonObject(send("POST", "/admin/v1/keys", "{\"name\":\"capped\","
        + "\"budget\":{\"usd\":0.00005,\"period\":\"day\",\"hard\":true}}", ADMIN).body())
        .getString("key");

    assertThat(send("POST", "/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = send("POST", "/v1/chat/completions", CHAT, key);

    assertThat(refused.statusCode()).isEqualTo(429);
    JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("insufficient_quota");
    assertThat(error.getString("message")).startsWith("The daily budget of key capped ($0.00005)");
    assertThat(send("POST", "/admin/v1/keys", "{\"name\":\"bad\",\"budget\":{\"usd\":-1}}",
        ADMIN).statusCode()).isEqualTo(400);
  }

  @Test
  void teamHardBudget_twoKeysTogetherUseItUp_thenEitherIsRefused() throws Exception {
    // each answer costs 26e-6 USD: one per key finds 52e-6 spent of the team's 50e-6
    assertThat(send("POST", "/admin/v1/teams", "{\"name\":\"research\","
        + "\"budget\":{\"usd\":0.00005,\"period\":\"day\",\"hard\":true}}", ADMIN)
        .statusCode()).isEqualTo(201);
    String first = teamKey("r1", "research");
    String second = teamKey("r2", "research");

    assertThat(send("POST", "/v1/chat/completions", CHAT, first).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/v1/chat/completions", CHAT, second).statusCode()).isEqualTo(200);

    for (String key : List.of(first, second)) {
      HttpResponse<String> refused = send("POST", "/v1/chat/completions", CHAT, key);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("insufficient_quota");
      assertThat(error.getString("message"))
          .startsWith("The daily budget of team research ($0.00005) is used up")
          .doesNotContain(first).doesNotContain(second);
    }
    assertThat(upstream.received()).hasSize(2);
  }

  @Test
  void teamSoftBudget_onlyMarksAnswersOfItsKeys() throws Exception {
    assertThat(send("POST", "/admin/v1/teams", "{\"name\":\"labs\","
        + "\"budget\":{\"usd\":0.00002,\"period\":\"month\",\"hard\":false}}", ADMIN)
        .statusCode()).isEqualTo(201);
    // each answer costs 26e-6 USD: the second finds the team past its 20e-6
    String first = teamKey("l1", "labs");
    String second = teamKey("l2", "labs");

    HttpResponse<String> under = send("POST", "/v1/chat/completions", CHAT, first);
    HttpResponse<String> over = send("POST", "/v1/chat/completions", CHAT, second);
    HttpResponse<String> further = send("POST", "/v1/chat/completions", CHAT, first);

    assertThat(under.statusCode()).isEqualTo(200);
    assertThat(under.headers().firstValue("x-gantry-budget-exceeded")).isEmpty();
    assertThat(over.statusCode()).isEqualTo(200);
    assertThat(over.headers().firstValue("x-gantry-budget-exceeded")).hasValue("true");
    assertThat(further.statusCode()).isEqualTo(200);
    assertThat(further.headers().firstValue("x-gantry-budget-exceeded")).hasValue("true");
  }

  /** A new key of {@code team}: its plaintext. */
  private String teamKey(String name, String team) throws Exception {
    HttpResponse<String> created = send("POST", "/admin/v1/keys", "{\"name\":\"" + name
        + "\",\"team\":\"" + team + "\"}", ADMIN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("key");
  }

  @Test
  void teams_createdAtRunTime_limitTheirKeys() throws Exception {
    HttpResponse<String> team = send("POST", "/admin/v1/teams",
        "{\"name\":\"search\",\"limits\":{\"rpm\":1}}", ADMIN);
    assertThat(team.statusCode()).as(team.body()).isEqualTo(201);
    String key = new JsonObject(send("POST", "/admin/v1/keys",
        "{\"name\":\"searcher\",\"team\":\"search\"}", ADMIN).body()).getString("key");

    assertThat(send("POST", "/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(200);
    HttpResponse<String> second = send("POST", "/v1/chat/completions", CHAT, key);

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body()).contains("Rate limit reached for team search on requests per minute");
    assertThat(send("GET", "/admin/v1/teams", null, ADMIN).body()).contains("\"name\":\"search\"");
    assertThat(send("PUT", "/admin/v1/teams/search", "{\"limits\":{\"rpm\":5}}", ADMIN)
        .statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/admin/v1/teams/search", null, ADMIN).statusCode())
        .as("a team with live keys stays").isEqualTo(409);
  }

  @Test
  void keys_badRequestsAreOpenAiShapedErrors() throws Exception {
    send("POST", "/admin/v1/keys", "{\"name\":\"dup\"}", ADMIN);

    assertThat(send("POST", "/admin/v1/keys", "{\"name\":\"dup\"}", ADMIN).statusCode())
        .isEqualTo(409);
    assertThat(send("POST", "/admin/v1/keys", "[1]", ADMIN).statusCode()).isEqualTo(400);
    assertThat(send("POST", "/admin/v1/keys", "{\"name\":\"x\",\"team\":\"nope\"}", ADMIN)
        .statusCode()).isIn(400, 404);
    assertThat(send("POST", "/admin/v1/keys/nope/rotate", null, ADMIN).statusCode())
        .isEqualTo(404);
    String user = new JsonObject(send("POST", "/admin/v1/keys", "{\"name\":\"user\"}", ADMIN)
        .body()).getString("key");
    assertThat(send("GET", "/admin/v1/keys", null, user).statusCode()).isEqualTo(403);
  }
}
