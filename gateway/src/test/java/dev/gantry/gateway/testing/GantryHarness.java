package dev.gantry.gateway.testing;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.gateway.Gateway;
import dev.gantry.policies.auth.KeyRing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in front of a {@link FakeOpenAiUpstream}, with a small fixed configuration:
 * <ul>
 *   <li>{@code chat} (chat) → provider {@code fake}, model gpt-4o-mini</li>
 *   <li>{@code embed} (embeddings) → provider {@code fake}, model text-embedding-3-small</li>
 *   <li>{@code slow} (chat) → provider {@code fake}, 500 ms timeout</li>
 *   <li>{@code down} (chat) → provider {@code closed}, a port nobody listens on</li>
 *   <li>{@code chat-images} (images) → provider {@code fake}, model gpt-image-1</li>
 *   <li>{@code ollama-chat} (chat) → provider {@code ollama} (never called by these tests)</li>
 *   <li>keys {@value #KEY} (all models) and {@value #LIMITED_KEY} (only {@code embed}, stored hashed)</li>
 * </ul>
 * Closing it fails the test class if any event loop was blocked (max execute time 500 ms).
 */
public final class GantryHarness implements AutoCloseable {

  public static final String KEY = "sk-team-a";
  public static final String LIMITED_KEY = "sk-limited";
  public static final String ADMIN_KEY = "sk-admin";
  public static final String UPSTREAM_KEY = "upstream-secret-value";
  public static final long MAX_BODY = 64 * 1024;

  public final Vertx vertx;
  public final FakeOpenAiUpstream upstream;
  public final Gateway gateway;
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final BlockedThreadGuard guard;

  private GantryHarness(Vertx vertx, FakeOpenAiUpstream upstream, Gateway gateway,
      BlockedThreadGuard guard) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.gateway = gateway;
    this.guard = guard;
  }

  public static GantryHarness start() throws Exception {
    BlockedThreadGuard guard = BlockedThreadGuard.install();
    Vertx vertx = strictVertx();
    FakeOpenAiUpstream upstream = new FakeOpenAiUpstream(vertx);
    upstream.start().await(10, TimeUnit.SECONDS);
    Gateway gateway = Gateway.start(vertx, config(upstream.baseUrl()), Map.of())
        .await(30, TimeUnit.SECONDS);
    return new GantryHarness(vertx, upstream, gateway, guard);
  }

  /**
   * A Vert.x that reports any event-loop turn longer than 500 ms (to a {@link BlockedThreadGuard}
   * installed before it).
   */
  public static Vertx strictVertx() {
    return Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(500).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(100).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(500).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
  }

  static GatewayConfig config(String upstreamUrl) throws IOException {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("fake", new ProviderSettings.OpenAi("fake", upstreamUrl,
        SecretRef.literal(UPSTREAM_KEY), null, Map.of(), Map.of(), Duration.ofSeconds(10), 16));
    providers.put("closed", new ProviderSettings.OpenAi("closed",
        "http://127.0.0.1:" + freePort() + "/v1", null, null, Map.of(), Map.of(),
        Duration.ofSeconds(5), 4));
    providers.put("ollama", new ProviderSettings.Ollama("ollama", "http://127.0.0.1:" + freePort(),
        null, Duration.ofSeconds(5), 4));
    List<ModelAlias> models = List.of(
        new ModelAlias("chat", ModelKind.CHAT, List.of(new Deployment("fake", "gpt-4o-mini", 1, null)), null),
        new ModelAlias("chat-o200k", ModelKind.CHAT, List.of(new Deployment("fake", "gpt-4o-mini", 1, null)),
            null, new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, "o200k_base")),
        new ModelAlias("embed", ModelKind.EMBEDDINGS,
            List.of(new Deployment("fake", "text-embedding-3-small", 1, null)), null),
        new ModelAlias("slow", ModelKind.CHAT,
            List.of(new Deployment("fake", "gpt-4o-mini", 1, Duration.ofMillis(500))), null),
        new ModelAlias("down", ModelKind.CHAT, List.of(new Deployment("closed", "m", 1, null)), null),
        new ModelAlias("chat-images", ModelKind.IMAGES, List.of(new Deployment("fake", "gpt-image-1", 1, null)), null),
        new ModelAlias("ollama-chat", ModelKind.CHAT, List.of(new Deployment("ollama", "llama3.2", 1, null)), null));
    List<ApiKey> keys = List.of(
        new ApiKey("team-a", SecretRef.literal(KEY), null, List.of()),
        new ApiKey("limited", null, KeyRing.sha256(LIMITED_KEY), List.of("embed")),
        new ApiKey("ops", SecretRef.literal(ADMIN_KEY), null, List.of(), true));
    ServerSettings server = new ServerSettings("127.0.0.1", 0, MAX_BODY, Duration.ofSeconds(30));
    return new GatewayConfig(server, providers, models, keys);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }

  public HttpResponse<String> post(String path, String json, String key, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    gateway.close().await(10, TimeUnit.SECONDS);
    upstream.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    org.assertj.core.api.Assertions.assertThat(guard.uninstall())
        .as("event loops must never block").isEmpty();
  }
}
