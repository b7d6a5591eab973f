package dev.gantry.embedded;

import dev.gantry.config.ApiKey;
import dev.gantry.config.ConfigLoader;
import dev.gantry.config.GatewayConfig;
import dev.gantry.gateway.Gateway;
import dev.gantry.sdk.GantryClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Gantry inside the calling JVM: the whole gateway (the same configuration records and YAML as
 * the standalone server) on a port of this process, with its own Vert.x instance, until
 * {@link #close()}.
 *
 * <pre>{@code
 * try (Gantry gantry = Gantry.start(Path.of("gantry.yaml"), 0)) {
 *   GantryClient client = gantry.client();   // the SDK, pointed at this gateway
 *   URI api = gantry.baseUri();              // http://127.0.0.1:<port>/v1, for any OpenAI client
 *   ...
 * }
 * }</pre>
 *
 * <p>A configuration whose port is 0 (built in code, or {@link #start(Path, int)}) gets a free
 * port ({@link #port()} tells which). Starting blocks the
 * calling thread until the gateway listens (or fails); call it from an application thread, not
 * from a Vert.x event loop.
 */
public final class Gantry implements AutoCloseable {

  /** How long {@link #start} and {@link #close} wait. */
  static final Duration WAIT = Duration.ofSeconds(120);

  private final Vertx vertx;
  private final Gateway gateway;
  private final GatewayConfig config;
  private final Map<String, String> env;
  private GantryClient client;

  private Gantry(Vertx vertx, Gateway gateway, GatewayConfig config, Map<String, String> env) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.config = config;
    this.env = env;
  }

  /** Starts Gantry with {@code config}, reading secret references from the process environment. */
  public static Gantry start(GatewayConfig config) {
    return start(config, System.getenv());
  }

  /**
   * Starts Gantry with {@code config}.
   *
   * @param env where {@code env:} secret references are read
   * @throws IllegalStateException when it cannot start (the cause says why)
   */
  public static Gantry start(GatewayConfig config, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    Vertx vertx = Vertx.vertx();
    try {
      Gateway gateway = Gateway.start(vertx, config, env)
          .await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new Gantry(vertx, gateway, config, Map.copyOf(env));
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("Gantry did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Starts Gantry with {@code config} on loopback ({@code 127.0.0.1}) and a free port, whatever
   * its {@code server} section says: only processes of this machine reach it, and the
   * application talks to it through {@link #client()}. This is the in-process mode; Gantry has no
   * transport that bypasses a socket (see the README).
   */
  public static Gantry startLocal(GatewayConfig config, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    return start(config.withServer(config.server().withHost("127.0.0.1").withPort(0)), env);
  }

  /** Starts Gantry with the YAML configuration at {@code file}. */
  public static Gantry start(Path file) {
    return start(ConfigLoader.load(file, System.getenv()));
  }

  /**
   * Starts Gantry with the YAML configuration at {@code file} on {@code port} instead of its
   * {@code server.port}: 0 picks a free port.
   */
  public static Gantry start(Path file, int port) {
    GatewayConfig config = ConfigLoader.load(file, System.getenv());
    return start(config.withServer(config.server().withPort(port)));
  }

  /** The port it listens on. */
  public int port() {
    return gateway.port();
  }

  /** The OpenAI-compatible base URI, {@code http://<host>:<port>/v1}. */
  public java.net.URI baseUri() {
    String host = gateway.host().contains(":") ? "[" + gateway.host() + "]" : gateway.host();
    return java.net.URI.create("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":"
        + port() + "/v1");
  }

  /**
   * The SDK's client for this gateway, made once and closed with it. Without keys in the
   * configuration it sends none; otherwise it uses a key of the configuration whose secret it can read ({@code key: env:...}, {@code file:} or a literal; an
   * admin key first, then in the file's order). Keys given only as {@code key_sha256} cannot be used:
   * call {@link #client(String)} with the key.
   *
   * @throws IllegalStateException when no configured key can be read
   */
  public synchronized GantryClient client() {
    if (client == null && config.keys().isEmpty()) {
      client = GantryClient.builder().baseUrl(baseUri().toString()).build();
    } else if (client == null) {
      String key = config.keys().stream()
          .filter(k -> k.key() != null)
          .sorted(Comparator.comparing((ApiKey k) -> !k.admin()))
          .map(k -> k.key().resolve(env))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no configured key has a readable secret"
              + " (keys given as key_sha256 only); use client(apiKey)"));
      client = client(key);
    }
    return client;
  }

  /** A new client for this gateway with {@code apiKey}; the caller closes it. */
  public GantryClient client(String apiKey) {
    return GantryClient.builder().baseUrl(baseUri().toString()).apiKey(apiKey).build();
  }

  /** Whether every provider has warmed up. */
  public boolean ready() {
    return gateway.ready();
  }

  /** The running gateway, for what this handle does not expose. */
  public Gateway gateway() {
    return gateway;
  }

  /** Stops serving (requests in flight end first) and releases everything it holds. */
  @Override
  public void close() {
    synchronized (this) {
      if (client != null) {
        client.close();
      }
    }
    try {
      gateway.close().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // closing anyway
    } finally {
      try {
        vertx.close().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // nothing more to release
      }
    }
  }
}
