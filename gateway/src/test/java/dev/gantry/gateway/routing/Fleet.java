package dev.gantry.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.Fallbacks;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.Routing;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Vert.x, several fake OpenAI-compatible servers, each an {@code openai} provider named after it (its
 * deployments are labelled {@code <name>/<model>}), plus {@code closed}, a port nobody listens on;
 * and a gateway over them with the aliases a test gives. Each provider has its own upstream key,
 * {@link #upstreamKey(String)}.
 */
final class Fleet implements AutoCloseable {

  static final String KEY = "sk-failover-e2e";
  static final String CHAT = "/v1/chat/completions";

  private final BlockedThreadGuard guard;
  private final Vertx vertx;
  private final Map<String, FakeOpenAiUpstream> fakes = new LinkedHashMap<>();
  private final String closedUrl;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Gateway gateway;

  private Fleet(BlockedThreadGuard guard, Vertx vertx, String closedUrl) {
    this.guard = guard;
    this.vertx = vertx;
    this.closedUrl = closedUrl;
  }

  /**
   * Starts one fake server per name, on a Vert.x of its own that reports blocked event loops
   * ({@link #close()} fails if any was).
   */
  static Fleet start(String... names) throws Exception {
    BlockedThreadGuard guard = BlockedThreadGuard.install();
    Fleet fleet = new Fleet(guard, GantryHarness.strictVertx(),
        "http://127.0.0.1:" + freePort() + "/v1");
    for (String name : names) {
      fleet.fakes.put(name, new FakeOpenAiUpstream(fleet.vertx).start().await(10, TimeUnit.SECONDS));
    }
    return fleet;
  }

  FakeOpenAiUpstream fake(String name) {
    return fakes.get(name);
  }

  static String upstreamKey(String provider) {
    return "sk-upstream-" + provider + "-secret-0123456789";
  }

  /** Starts the gateway serving {@code aliases}, each request bounded by {@code requestTimeout}. */
  void serve(Duration requestTimeout, ModelAlias... aliases) throws Exception {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    fakes.forEach((name, fake) -> providers.put(name, provider(name, fake.baseUrl())));
    providers.put("closed", provider("closed", closedUrl));
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1024 * 1024, requestTimeout), providers,
        List.of(aliases), List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of())));
    gateway = Gateway.start(vertx, config, Map.of()).await(30, TimeUnit.SECONDS);
  }

  private static ProviderSettings provider(String name, String url) {
    return new ProviderSettings.OpenAi(name, url, SecretRef.literal(upstreamKey(name)), null,
        Map.of(), Map.of(), Duration.ofSeconds(60), 16);
  }

  /** An alias of chat deployments. */
  static ModelAlias alias(String name, Routing routing, Fallbacks fallbacks,
      Deployment... deployments) {
    return new ModelAlias(name, ModelKind.CHAT, List.of(deployments), null, null, routing,
        fallbacks);
  }

  static Deployment deployment(String provider, String model, int priority, int weight) {
    return new Deployment(provider, model, weight, null, Map.of(), priority, null, Map.of(), 0, 0);
  }

  /** Routing with short waits: 10 ms backoff base, no first-token limit, 60 s idle gap. */
  static Routing routing(Routing.Strategy strategy, int maxAttempts) {
    return new Routing(strategy, maxAttempts, Duration.ofMillis(10), Duration.ofSeconds(2),
        Routing.Breaker.DEFAULTS, null, Duration.ofSeconds(60), Duration.ofSeconds(60), null);
  }

  /** A chat request body for {@code model}. */
  static String chat(String model, boolean stream) {
    return new JsonObject().put("model", model).put("stream", stream)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "What is the capital of the UK?"))).encode();
  }

  HttpResponse<String> post(String json) throws IOException, InterruptedException {
    return http.send(request(json), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest request(String json) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  /**
   * Sends a chat request over a plain socket, waits (up to 10 s) until {@code ready} holds, then
   * closes the connection without having read anything: a client that went away.
   */
  void sendAndHangUp(String json, BooleanSupplier ready) throws Exception {
    try (Socket socket = send(json)) {
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!ready.getAsBoolean() && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }
    }
  }

  /**
   * Sends a chat request over a plain socket, reads the answer until {@code seen} appears in it,
   * then closes the connection: a client that went away in the middle of the answer.
   */
  void readAndHangUp(String json, String seen) throws Exception {
    try (Socket socket = send(json)) {
      socket.setSoTimeout(10_000);
      StringBuilder read = new StringBuilder();
      byte[] buffer = new byte[8192];
      while (read.indexOf(seen) < 0) {
        int n = socket.getInputStream().read(buffer);
        if (n < 0) {
          throw new IllegalStateException("the answer ended before " + seen + ": " + read);
        }
        read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    }
  }

  private Socket send(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        + "authorization: Bearer " + KEY + "\r\ncontent-type: application/json\r\n"
        + "content-length: " + body.length + "\r\n\r\n";
    Socket socket = new Socket("127.0.0.1", gateway.port());
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(body);
    socket.getOutputStream().flush();
    return socket;
  }

  HttpClient http() {
    return http;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/v1";
  }

  /** The {@code data:} payloads of an event-stream body, in order. */
  static List<String> events(String body) {
    List<String> out = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      if (event.startsWith("data: ")) {
        out.add(event.substring("data: ".length()));
      }
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    if (gateway != null) {
      gateway.close().await(10, TimeUnit.SECONDS);
    }
    for (FakeOpenAiUpstream fake : fakes.values()) {
      fake.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }
}
