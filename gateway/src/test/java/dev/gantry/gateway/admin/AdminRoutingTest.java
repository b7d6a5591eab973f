package dev.gantry.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live routing changes through the admin API, on two gateways sharing one state store: edits
 * validated like the file, ETag/If-Match, dry runs, versions with history and rollback, an audit
 * log with secrets masked, and a change made on one gateway served by the other within seconds,
 * without dropping a stream in flight.
 */
class AdminRoutingTest {

  private static final String ADMIN = "sk-admin-routing";
  private static final String USER = "sk-user-routing";
  private static final String UPSTREAM_KEY = "upstream-literal-secret-4242";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;
  private BlockedThreadGuard guard;
  private Vertx vertx;
  private FakeOpenAiUpstream blue;
  private FakeOpenAiUpstream green;
  private final List<Gateway> gateways = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // Vert.x's JSON codec loads its classes on first use; not on an event loop under the guard.
    new JsonObject(new JsonObject().put("warm", List.of(1, "up")).encode()).getJsonArray("warm");
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    blue = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    green = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway g : gateways) {
      g.close().await(20, TimeUnit.SECONDS);
    }
    blue.close().await(10, TimeUnit.SECONDS);
    green.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  private Gateway gateway() throws Exception {
    GatewayConfig config = new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1 << 20,
        Duration.ofSeconds(30)), Map.of(
            "blue", new ProviderSettings.OpenAi("blue", blue.baseUrl(),
                SecretRef.literal(UPSTREAM_KEY), null, Map.of(), Map.of(),
                Duration.ofSeconds(10), 8),
            "green", new ProviderSettings.OpenAi("green", green.baseUrl(), null, null, Map.of(),
                Map.of(), Duration.ofSeconds(10), 8)),
        List.of(new ModelAlias("chat", ModelKind.CHAT,
            List.of(new Deployment("blue", "gpt-4o-mini", 1, null)), null)),
        List.of(new ApiKey("ops", SecretRef.literal(ADMIN), null, List.of(), true),
            new ApiKey("app", SecretRef.literal(USER), null, List.of(), false)), List.of(),
        null, StateStoreSettings.embedded(dir.resolve("state").toString()));
    Gateway g = Gateway.start(vertx, config, Map.of()).await(60, TimeUnit.SECONDS);
    gateways.add(g);
    return g;
  }

  private static HttpResponse<String> send(Gateway g, String method, String path, String key,
      String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
            + path)).timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + key)
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> chat(Gateway g) throws Exception {
    return send(g, "POST", "/v1/chat/completions", USER, "{\"model\":\"chat\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static void eventually(String what, Gateway g, Predicate<Gateway> until)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!until.test(g) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(until.test(g)).as(what).isTrue();
  }

  private static String deployment(HttpResponse<String> r) {
    return r.headers().firstValue("x-gantry-deployment").orElse(null);
  }

  private static String moveTo(String provider) {
    return new JsonObject().put("name", "chat").put("deployments", new JsonArray()
        .add(new JsonObject().put("provider", provider).put("model", "gpt-4o-mini"))).encode();
  }

  @Test
  void change_onOneGateway_isServedByTheOther_withinSeconds() throws Exception {
    Gateway one = gateway();
    Gateway two = gateway();
    assertThat(deployment(chat(two))).isEqualTo("blue/gpt-4o-mini");

    HttpResponse<String> model = send(one, "GET", "/admin/v1/models/chat", ADMIN, null);
    String etag = model.headers().firstValue("etag").orElseThrow();
    HttpResponse<String> changed = send(one, "PUT", "/admin/v1/models/chat", ADMIN,
        moveTo("green"), "if-match", etag);

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(new JsonObject(changed.body()).getLong("version")).isEqualTo(1);
    assertThat(new JsonObject(changed.body()).getJsonArray("changes").encode())
        .contains("deployments[0].provider: blue -> green");
    assertThat(deployment(chat(one))).as("at once on the gateway that changed it")
        .isEqualTo("green/gpt-4o-mini");
    eventually("the other gateway serves the change", two, g -> {
      try {
        return "green/gpt-4o-mini".equals(deployment(chat(g)));
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(send(two, "PUT", "/admin/v1/models/chat", ADMIN, moveTo("blue"), "if-match",
        etag).statusCode()).as("the old ETag is stale").isEqualTo(412);
  }

  @Test
  void badChanges_areRefusedWithPaths_andDryRunsChangeNothing() throws Exception {
    Gateway g = gateway();

    HttpResponse<String> unknown = send(g, "PUT", "/admin/v1/models/chat", ADMIN,
        moveTo("purple"));
    HttpResponse<String> dry = send(g, "PUT", "/admin/v1/models/chat?dry_run=true", ADMIN,
        moveTo("green"));
    HttpResponse<String> duplicate = send(g, "POST", "/admin/v1/models", ADMIN,
        moveTo("green"));
    HttpResponse<String> notAdmin = send(g, "PUT", "/admin/v1/models/chat", USER,
        moveTo("green"));
    HttpResponse<String> routing = send(g, "GET", "/admin/v1/routing", ADMIN, null);

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("message"))
        .contains("models[0].deployments[0].provider").contains("purple");
    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    assertThat(new JsonObject(dry.body()).getBoolean("dry_run")).isTrue();
    assertThat(new JsonObject(dry.body()).getJsonArray("changes").encode()).contains("green");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(routing.body()).getLong("version")).isZero();
    assertThat(deployment(chat(g))).isEqualTo("blue/gpt-4o-mini");
  }

  @Test
  void versions_haveHistory_rollBack_andAreAudited_withSecretsMasked() throws Exception {
    Gateway g = gateway();
    HttpResponse<String> provider = send(g, "GET", "/admin/v1/providers/blue", ADMIN, null);
    JsonObject shown = new JsonObject(provider.body());
    shown.put("timeout", "20s");
    HttpResponse<String> updated = send(g, "PUT", "/admin/v1/providers/blue", ADMIN,
        shown.encode());
    send(g, "PUT", "/admin/v1/models/chat", ADMIN, moveTo("green"));
    HttpResponse<String> created = send(g, "POST", "/admin/v1/models", ADMIN,
        moveTo("blue").replace("\"chat\"", "\"chat-b\""));

    HttpResponse<String> rollback = send(g, "POST", "/admin/v1/routing/rollback", ADMIN, "{}");
    HttpResponse<String> history = send(g, "GET", "/admin/v1/routing/history", ADMIN, null);
    HttpResponse<String> audit = send(g, "GET", "/admin/v1/audit", ADMIN, null);

    assertThat(provider.body()).doesNotContain(UPSTREAM_KEY).contains("***");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(new JsonObject(rollback.body()).getLong("rollback_of")).isEqualTo(2);
    JsonArray versions = new JsonObject(history.body()).getJsonArray("data");
    assertThat(versions.size()).isEqualTo(4);
    assertThat(versions.getJsonObject(0).getString("summary")).startsWith("rollback to version 2");
    assertThat(versions.getJsonObject(0).getString("author")).isEqualTo("ops");
    assertThat(send(g, "GET", "/admin/v1/models/chat-b", ADMIN, null).statusCode())
        .as("the rollback removed the model added after version 2").isEqualTo(404);
    assertThat(deployment(chat(g))).as("version 2 routes chat to green")
        .isEqualTo("green/gpt-4o-mini");
    assertThat(blue.received()).as("the masked secret was kept, not replaced by ***")
        .allSatisfy(r -> assertThat(r.headers().get("authorization"))
            .isEqualTo("Bearer " + UPSTREAM_KEY));
    JsonArray entries = new JsonObject(audit.body()).getJsonArray("data");
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("action")))
        .containsExactly("routing.rollback", "models.create", "models.update",
            "providers.update");
    assertThat(audit.body()).doesNotContain(UPSTREAM_KEY);
  }

  @Test
  void rollback_afterTheFirstChange_restoresTheFilesRouting() throws Exception {
    Gateway g = gateway();
    send(g, "PUT", "/admin/v1/models/chat", ADMIN, moveTo("green"));
    assertThat(deployment(chat(g))).isEqualTo("green/gpt-4o-mini");

    HttpResponse<String> rollback = send(g, "POST", "/admin/v1/routing/rollback", ADMIN, "{}");

    assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
    assertThat(new JsonObject(rollback.body()).getLong("rollback_of")).isZero();
    assertThat(new JsonObject(rollback.body()).getLong("version")).isEqualTo(2);
    assertThat(deployment(chat(g))).isEqualTo("blue/gpt-4o-mini");
    JsonObject newest = new JsonObject(send(g, "GET", "/admin/v1/routing/history", ADMIN, null)
        .body()).getJsonArray("data").getJsonObject(0);
    assertThat(newest.getString("summary")).startsWith("rollback to version 0");
  }

  @Test
  void streamInFlight_survivesARoutingChangeThatRemovesItsProvider() throws Exception {
    Gateway g = gateway();
    blue.once("/v1/chat/completions", req -> {
      req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      req.response().write("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
          + "\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n");
      vertx.setTimer(1500, id -> req.response().end("data: {\"id\":\"c\",\"object\":"
          + "\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
    });
    java.util.concurrent.CompletableFuture<HttpResponse<String>> stream = HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
            + "/v1/chat/completions")).header("authorization", "Bearer " + USER)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"chat\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300);

    JsonObject doc = new JsonObject(send(g, "GET", "/admin/v1/routing", ADMIN, null).body())
        .getJsonObject("document");
    HttpResponse<String> moved = send(g, "PUT", "/admin/v1/models/chat", ADMIN,
        moveTo("green"));
    HttpResponse<String> removed = send(g, "DELETE", "/admin/v1/providers/blue", ADMIN, null);
    HttpResponse<String> done = stream.get(20, TimeUnit.SECONDS);

    assertThat(doc.getJsonObject("providers").containsKey("blue")).isTrue();
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
    assertThat(done.body()).contains("Hel").contains("lo").contains("[DONE]");
    assertThat(deployment(chat(g))).isEqualTo("green/gpt-4o-mini");
  }

  @Test
  void providerAddedThroughTheApi_hasItsSecretKeptOutOfErrors() throws Exception {
    Gateway g = gateway();
    String secret = "brand-new-upstream-secret-9876";
    green.override("/v1/chat/completions", req -> req.response().setStatusCode(500)
        .end("{\"error\":{\"message\":\"proxy saw " + req.getHeader("authorization")
            + "\"}}"));

    HttpResponse<String> added = send(g, "POST", "/admin/v1/providers", ADMIN, new JsonObject()
        .put("name", "echo").put("type", "openai").put("base_url", green.baseUrl())
        .put("api_key", secret).encode());
    send(g, "PUT", "/admin/v1/models/chat", ADMIN, moveTo("echo"));
    HttpResponse<String> failed = chat(g);
    HttpResponse<String> shown = send(g, "GET", "/admin/v1/providers/echo", ADMIN, null);

    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(failed.statusCode()).isGreaterThanOrEqualTo(500);
    assertThat(failed.body()).doesNotContain(secret);
    assertThat(shown.body()).doesNotContain(secret);
  }

  @Test
  void providerHeaderValues_areMasked_andSentBackAsStars_keepTheirValues() throws Exception {
    Gateway g = gateway();
    String secret = "proxy-credential-4242";
    HttpResponse<String> added = send(g, "POST", "/admin/v1/providers", ADMIN, new JsonObject()
        .put("name", "proxied").put("type", "openai").put("base_url", green.baseUrl())
        .put("headers", new JsonObject().put("X-Proxy-Auth", secret)).encode());
    JsonObject shown = new JsonObject(
        send(g, "GET", "/admin/v1/providers/proxied", ADMIN, null).body());
    shown.put("timeout", "25s");
    HttpResponse<String> updated = send(g, "PUT", "/admin/v1/providers/proxied", ADMIN,
        shown.encode());
    send(g, "PUT", "/admin/v1/models/chat", ADMIN, moveTo("proxied"));
    HttpResponse<String> answered = chat(g);
    HttpResponse<String> audit = send(g, "GET", "/admin/v1/audit", ADMIN, null);
    HttpResponse<String> routing = send(g, "GET", "/admin/v1/routing", ADMIN, null);

    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(added.body()).doesNotContain(secret);
    assertThat(shown.getJsonObject("headers").getString("X-Proxy-Auth")).isEqualTo("***");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(green.received().get(green.received().size() - 1).headers().get("x-proxy-auth"))
        .as("the value sent back as *** was kept").isEqualTo(secret);
    assertThat(audit.body()).doesNotContain(secret);
    assertThat(routing.body()).doesNotContain(secret);
  }
}
