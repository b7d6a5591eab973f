package dev.gantry.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.Limits;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.Team;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live limits view: each limit's bucket as requests use it. */
class AdminLimitsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Vertx vertx;
  private FakeOpenAiUpstream upstream;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    vertx = GantryHarness.strictVertx();
    upstream = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    Deployment deployment = new Deployment("fake", "gpt-4o-mini", 1, null, Map.of(), 0, null,
        Map.of(), 0, 0, new Limits(1_000L, null, null, null, null, null));
    GatewayConfig config = new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20,
        Duration.ofSeconds(30)), Map.of("fake", new ProviderSettings.OpenAi("fake",
        upstream.baseUrl(), null, null, Map.of(), Map.of(), Duration.ofSeconds(10), 8)),
        List.of(new ModelAlias("chat", ModelKind.CHAT, List.of(deployment), null)),
        List.of(new ApiKey("app", SecretRef.literal("sk-app"), null, List.of(), false, "red",
                new Limits(100L, null, null, null, 10L, null)),
            new ApiKey("ops", SecretRef.literal("sk-ops"), null, List.of(), true)),
        List.of(new Team("red", new Limits(500L, null, null, null, null, null))));
    gateway = Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
            + path)).header("authorization", "Bearer " + key)
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject limit(HttpResponse<String> r, String owner, String measure) {
    return new JsonObject(r.body()).getJsonArray("data").stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("owner").equals(owner) && l.getString("measure").equals(measure))
        .findFirst().orElseThrow(() -> new AssertionError(owner + " " + measure + " in " + r.body()));
  }

  @Test
  void limits_showWhatEachBucketHolds_asRequestsUseThem() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(send("POST", "/v1/chat/completions", "sk-app", "{\"model\":\"chat\","
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> limits = send("GET", "/admin/v1/limits", "sk-ops", null);
    HttpResponse<String> refused = send("GET", "/admin/v1/limits", "sk-app", null);

    assertThat(limits.statusCode()).as(limits.body()).isEqualTo(200);
    JsonObject keyRpm = limit(limits, "key app", "requests");
    assertThat(keyRpm.getLong("capacity")).isEqualTo(100);
    assertThat(keyRpm.getLong("used")).as("3 requests, maybe 1 refilled").isBetween(2L, 3L);
    assertThat(keyRpm.getString("scope")).isEqualTo("key");
    assertThat(limit(limits, "key app", "concurrent").getLong("used")).as("all released")
        .isZero();
    assertThat(limit(limits, "team red", "requests").getLong("used")).isBetween(2L, 3L);
    assertThat(limit(limits, "deployment fake/gpt-4o-mini", "requests").getLong("capacity"))
        .isEqualTo(1_000);
    assertThat(refused.statusCode()).isEqualTo(403);
  }
}
