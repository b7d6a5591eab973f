package dev.gantry.gateway;

import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.finetune.trainer.ServedModel;
import dev.gantry.config.CacheSettings;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.ProviderSettings;
import dev.gantry.gateway.admin.AdminApi;
import dev.gantry.gateway.admin.AdminLimits;
import dev.gantry.gateway.admin.StoredKeys;
import dev.gantry.gateway.console.ConsoleRoutes;
import dev.gantry.gateway.finetune.FineTuningBroker;
import dev.gantry.gateway.observability.GatewayMetrics;
import dev.gantry.gateway.observability.Health;
import dev.gantry.gateway.openai.OpenAiApi;
import dev.gantry.gateway.openai.TokenizeApi;
import dev.gantry.gateway.usage.EnforceBudget;
import dev.gantry.gateway.usage.UsageRecorder;
import dev.gantry.policies.auth.Authenticate;
import dev.gantry.policies.auth.KeyRing;
import dev.gantry.policies.limits.Admit;
import dev.gantry.policies.limits.LimitStore;
import dev.gantry.policies.limits.MemoryLimitStore;
import dev.gantry.policies.limits.RedisLimitStore;
import dev.gantry.policies.pipeline.Pipeline;
import dev.gantry.policies.cache.CacheAnswers;
import dev.gantry.policies.cache.MemoryResponseCache;
import dev.gantry.policies.cache.MemorySemanticIndex;
import dev.gantry.policies.cache.RedisResponseCache;
import dev.gantry.policies.cache.RedisSemanticIndex;
import dev.gantry.policies.cache.ResponseCache;
import dev.gantry.policies.cache.SemanticCache;
import dev.gantry.policies.pipeline.Stage;
import dev.gantry.policies.routing.DeploymentStates;
import dev.gantry.policies.routing.Failover;
import dev.gantry.policies.routing.Invoke;
import dev.gantry.policies.routing.ModelCatalog;
import dev.gantry.policies.routing.Probes;
import dev.gantry.policies.routing.ResolveRoute;
import dev.gantry.policies.routing.Route;
import dev.gantry.policies.routing.Router;
import dev.gantry.policies.routing.Timers;
import dev.gantry.policies.tokens.CompleteUsage;
import dev.gantry.policies.tokens.ProviderCounts;
import dev.gantry.policies.tokens.Tokens;
import dev.gantry.store.StateStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the adapters of every configured provider, the pipeline, and one HTTP server
 * per event loop on the configured address.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** Workers counting big texts and loading tokenizers (style.md: {@code gantry-tokenizer}). */
  /** How long the semantic cache waits for an embedding before serving the request as a miss. */
  static final java.time.Duration SEMANTIC_EMBED_TIMEOUT = java.time.Duration.ofSeconds(2);
  private static final int TOKENIZER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  private final Vertx vertx;
  /** Replaced whole when routing changes. */
  private volatile Map<String, ProviderAdapter> adapters = Map.of();
  private final Map<String, String> env;
  /** Fine-tuned models made routable, kept across routing changes. */
  private final Map<String, ModelAlias> tuned = new java.util.concurrent.ConcurrentHashMap<>();
  private RoutingSync routingSync;
  private volatile Redactor redactor;
  /** The tokenizers being loaded for a routing change, awaited by {@link #close()}. */
  private volatile Future<Void> tokenReload = Future.succeededFuture();
  private final List<String> deployments = new ArrayList<>();
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final AtomicBoolean ready = new AtomicBoolean();
  private Tokens tokens;
  private ProviderCounts providerCounts;
  private volatile ModelCatalog catalog;
  /** The configuration served, fine-tuned models added as they become routable. */
  private volatile GatewayConfig config;
  private DeploymentStates states;
  private Probes probes;
  private LimitStore limits;
  private ResponseCache cache;
  private SemanticCache semantic;
  private FineTuningBroker fineTuning;
  private StateStore stateStore;
  private StoredKeys storedKeys;
  private UsageRecorder usage;
  private int port;
  private String host;

  /** Where a {@code tokenizer: provider} alias is counted: its first serving deployment. */
  private java.util.Optional<ProviderCounts.Target> countTarget(String alias) {
    return firstRoute(alias).map(r -> new ProviderCounts.Target(r.adapter(), r.deployment()));
  }

  /**
   * Makes a fine-tuned model routable by its name, at once and without a restart: an alias over
   * the one deployment its trainer serves it from, counted like the alias it was tuned from.
   */
  synchronized void registerTuned(String name, String base, ServedModel served) {
    GatewayConfig current = config;
    if (!adapters.containsKey(served.provider())) {
      LOG.warn("fine-tuned model={} is served by provider={}, which this gateway does not have",
          name, served.provider());
      return;
    }
    ModelAlias from = current.model(base).orElse(null);
    ModelAlias alias = new ModelAlias(name, ModelKind.CHAT, List.of(new Deployment(
        served.provider(), served.model(), 1, null, served.options())), "fine-tuned from " + base,
        from == null ? null : from.tokenizer(), null, null, null,
        from == null ? null : from.cache());
    tuned.put(name, alias);
    config = current.withModel(alias);
    states.add(alias);
    catalog = new ModelCatalog(config, adapters);
    LOG.info("fine-tuned model routable name={} provider={}", name, served.provider());
  }

  /** The alias's first deployment that serves traffic (not a shadow), if it is known. */
  private java.util.Optional<Route> firstRoute(String alias) {
    ModelCatalog current = catalog;
    return current == null ? java.util.Optional.empty() : current.routes(alias).stream()
        .filter(r -> !r.deployment().shadow()).findFirst();
  }

  /**
   * The semantic cache's embedder: one text embedded by the alias's first serving deployment,
   * within {@link #SEMANTIC_EMBED_TIMEOUT} (a failure is a cache miss, not a failed request).
   */
  private Future<float[]> embed(String alias, String text, String requestId) {
    Route route = firstRoute(alias).orElse(null);
    if (route == null) {
      return Future.failedFuture("no deployment serves '" + alias + "'");
    }
    String model = route.deployment().model();
    return route.adapter().embed(new Invocation<>(EmbeddingRequest.ofTexts(model, List.of(text)),
            model, route.deployment().options(), requestId, SEMANTIC_EMBED_TIMEOUT))
        .map(response -> response.vectors().get(0));
  }

  private Gateway(Vertx vertx, GatewayConfig bootstrap, Map<String, String> env) {
    this.vertx = vertx;
    this.config = bootstrap;
    this.env = env;
  }

  /**
   * Starts a gateway for {@code config}.
   *
   * @param env the environment secret references are read from
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Map<String, String> env) {
    KeyRing keys;
    try {
      keys = KeyRing.of(config.keys(), env);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Gateway gateway = new Gateway(vertx, config, env);
    // Built here, on the caller's thread: a Caffeine cache's first construction loads classes.
    gateway.providerCounts = new ProviderCounts(gateway::countTarget);
    return gateway.openStateStore(config, env)
        .compose(v -> gateway.storedRouting(config))
        .compose(effective -> {
          try {
            gateway.adapters = adaptersFor(vertx, effective, env, Map.of(), null);
          } catch (RuntimeException e) {
            return Future.failedFuture(e);
          }
          return Tokens.load(vertx, effective.models(), TOKENIZER_THREADS)
              .onSuccess(loaded -> gateway.tokens = loaded)
              .compose(loaded -> gateway.listen(effective, gateway.storedKeys != null
                  ? gateway.storedKeys::ring : () -> keys, gateway.redactor = Redactor.of(
                      effective, env), env));
        })
        .onSuccess(v -> {
          if (gateway.routingSync != null) {
            gateway.routingSync.start();
          }
        })
        .recover(e -> gateway.close().transform(closed -> Future.<Void>failedFuture(e)))
        .map(gateway);
  }

  /**
   * The configuration to serve: the file's, with its providers and models replaced by the newest
   * routing version saved through the admin API, if any.
   */
  private Future<GatewayConfig> storedRouting(GatewayConfig bootstrap) {
    if (stateStore == null) {
      return Future.succeededFuture(bootstrap);
    }
    routingSync = new RoutingSync(vertx, stateStore.admin(), bootstrap, env, this::applyRouting);
    return routingSync.initial();
  }

  /**
   * The adapters of {@code config}'s providers: those of {@code current} whose settings did not
   * change are kept, the others created.
   *
   * @param before the settings {@code current}'s adapters were made from, or null
   */
  private static Map<String, ProviderAdapter> adaptersFor(Vertx vertx, GatewayConfig config,
      Map<String, String> env, Map<String, ProviderAdapter> current, GatewayConfig before) {
    Map<String, ProviderAdapter> out = new LinkedHashMap<>();
    try {
      for (ProviderSettings p : config.providers().values()) {
        ProviderAdapter kept = before != null && p.equals(before.providers().get(p.name()))
            ? current.get(p.name()) : null;
        out.put(p.name(), kept != null ? kept : ProviderFactory.create(vertx, p, env));
      }
    } catch (RuntimeException e) {
      out.forEach((name, a) -> {
        if (current.get(name) != a) {
          a.close();
        }
      });
      throw e;
    }
    return out;
  }

  /**
   * Serves {@code next}'s providers and models from now on, without a restart and without
   * dropping requests in flight: providers whose settings changed (or are new) get new adapters,
   * routing switches to the new catalog at once (a request already routed keeps its
   * deployment), tokenizers reload in the background, and adapters no longer used are closed
   * after {@code server.request_timeout}, when every call they carried has ended. Fine-tuned
   * models stay routable.
   */
  Future<Void> applyRouting(GatewayConfig next) {
    GatewayConfig before = config;
    Map<String, ProviderAdapter> current = adapters;
    // On a worker: making an adapter, or learning its secrets, may read a secret file.
    return vertx.executeBlocking(() -> {
      if (redactor != null) {
        redactor.learn(next, env);
      }
      if (fineTuning != null) {
        fineTuning.reconfigure(next);
      }
      return adaptersFor(vertx, next, env, current, before);
    }, false).compose(fresh -> swap(next, fresh));
  }

  private synchronized Future<Void> swap(GatewayConfig next, Map<String, ProviderAdapter> fresh) {
    List<ProviderAdapter> retired = new ArrayList<>();
    adapters.forEach((name, a) -> {
      if (fresh.get(name) != a) {
        retired.add(a);
      }
    });
    GatewayConfig merged = next;
    for (ModelAlias alias : tuned.values()) {
      merged = merged.withModel(alias);
    }
    merged.models().forEach(states::add);
    Map<String, ProviderAdapter> previous = adapters;
    adapters = fresh;
    config = merged;
    catalog = new ModelCatalog(merged, fresh);
    fresh.forEach((name, a) -> {
      if (previous.get(name) != a) {
        a.warmUp().onFailure(e -> LOG.error("provider={} warm-up failed: {}", name,
            e.getMessage()));
      }
    });
    long grace = Math.max(1_000, merged.server().requestTimeout().toMillis());
    if (!retired.isEmpty()) {
      vertx.setTimer(grace, id -> retired.forEach(ProviderAdapter::close));
    }
    LOG.info("routing applied providers={} models={}", fresh.keySet(),
        merged.models().stream().map(ModelAlias::name).toList());
    Future<Void> reload = Tokens.load(vertx, merged.models(), TOKENIZER_THREADS).map(t -> {
      Tokens old = tokens;
      tokens = t;
      if (old != null) {
        vertx.setTimer(grace, id -> old.close());
      }
      return (Void) null;
    }).onFailure(e -> LOG.warn("tokenizers of the new routing did not load, counting as"
        + " before: {}", e.getMessage()));
    tokenReload = reload.recover(e -> Future.succeededFuture());
    return reload;
  }

  /** The configuration served now (fine-tuned models and routing changes included). */
  public GatewayConfig config() {
    return config;
  }

  /**
   * Opens the state store (migrating it) and loads its virtual keys, which are then polled for
   * changes; nothing when the configuration has none.
   */
  private Future<Void> openStateStore(GatewayConfig config, Map<String, String> env) {
    if (config.stateStore() == null) {
      return Future.succeededFuture();
    }
    return StateStore.open(vertx, config.stateStore(), env, Clock.systemUTC())
        .compose(opened -> {
          stateStore = opened;
          storedKeys = new StoredKeys(vertx, opened.keys(), opened.teams(), config.keys(), env,
              Clock.systemUTC());
          return storedKeys.start();
        });
  }

  private Future<Void> listen(GatewayConfig config, Supplier<KeyRing> keys, Redactor redactor,
      Map<String, String> env) {
    this.config = config;
    this.catalog = new ModelCatalog(config, adapters);
    this.limits = limitStore(vertx, config.limitStore());
    LimitStore limits = this.limits;
    this.cache = responseCache(vertx, config.cache());
    ResponseCache cache = this.cache;
    this.semantic = semanticCache(vertx, config, this::embed);
    SemanticCache semantic = this.semantic;
    DeploymentStates states = new DeploymentStates(config.models(), Clock.systemUTC());
    this.states = states;
    metrics.watch(states);
    this.probes = new Probes(() -> this.catalog, states, Timers.of(vertx), Clock.systemUTC());
    probes.start();
    if (stateStore != null) {
      usage = new UsageRecorder(vertx, stateStore.usage(), Clock.systemUTC());
      usage.start();
    }
    UsageRecorder recorder = usage;
    ProviderCounts providerCounts = this.providerCounts;
    metrics.watch(providerCounts);
    List<Stage> stages = new ArrayList<>(List.of(new Authenticate(keys),
        new ResolveRoute(() -> this.catalog)));
    if (stateStore != null) {
      stages.add(new EnforceBudget(storedKeys::budget, stateStore.usage(), recorder, Clock.systemUTC()));
    }
    // A team of the file, else one of the state store.
    java.util.function.Function<String, java.util.Optional<dev.gantry.config.Team>> teams =
        name -> config.team(name).or(() -> storedKeys == null
            ? java.util.Optional.empty() : storedKeys.team(name));
    stages.add(new Admit(teams, () -> tokens, limits, providerCounts));
    if (cache != null) {
      stages.add(new CacheAnswers(config.cache(), cache, semantic, Clock.systemUTC(),
          metrics.watch(cache)));
    }
    stages.addAll(List.of(
        new CompleteUsage(() -> tokens),
        new Failover(() -> this.catalog, states, new Router(states, new Random()), Timers.of(vertx),
            Clock.systemUTC(), new Random(), config.server().requestTimeout(), limits),
        new Invoke()));
    Pipeline pipeline = new Pipeline(stages);
    OpenAiApi openAi = new OpenAiApi(pipeline, () -> this.catalog, keys, metrics, redactor,
        (exchange, used) -> {
          if (recorder != null) {
            recorder.record(exchange, used);
          }
        });
    Health healthRoutes = new Health(ready::get, metrics);
    host = effectiveHost(config.server().host(), keys.get());
    long maxBody = config.server().maxBodyBytes();
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    try {
      port = config.server().port() == 0 ? freePort(host) : config.server().port();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    List<Routes> routes = new ArrayList<>(List.of(openAi, new AdminApi(keys, () -> this.catalog,
        () -> states, redactor, stateStore, storedKeys, usage, config.cache(), cache, semantic,
        routingSync == null ? null : new AdminApi.Routing(routingSync.bootstrap(), env,
            routingSync::sync)),
        new TokenizeApi(keys, () -> this.catalog, () -> tokens, providerCounts), healthRoutes,
        new AdminLimits(keys, teams, () -> this.catalog, limits), new ConsoleRoutes()));
    Future<Void> broker = stateStore == null ? Future.succeededFuture()
        : FineTuningBroker.start(vertx, config, stateStore.fineTuning(), env, () -> tokens,
            this::registerTuned, Clock.systemUTC()).map(started -> {
              fineTuning = started;
              routes.addAll(started.routes(keys, () -> this.catalog));
              return null;
            });
    return broker.compose(v -> vertx.deployVerticle(() -> new GatewayVerticle(routes, host,
            port, maxBody), new DeploymentOptions().setInstances(instances)))
        .map(deployments::add)
        .onSuccess(v -> warmUp())
        .mapEmpty();
  }

  private void warmUp() {
    List<Future<Void>> all = new ArrayList<>();
    adapters.forEach((name, adapter) -> all.add(adapter.warmUp()
        .onFailure(e -> LOG.error("provider={} warm-up failed: {}", name, e.getMessage()))));
    Future.join(all).onComplete(ar -> {
      ready.set(ar.succeeded());
      if (ar.succeeded()) {
        LOG.info("ready providers={}", adapters.keySet());
      }
    });
  }

  /** The configured rate-limit store: this process's memory, or a Redis shared by gateways. */
  private static LimitStore limitStore(Vertx vertx, LimitStoreSettings settings) {
    if (settings.kind() == LimitStoreSettings.Kind.MEMORY) {
      return new MemoryLimitStore();
    }
    LOG.info("rate limits in redis url={} fail_open={}", redactedUrl(settings.redisUrl()),
        settings.failOpen());
    return new RedisLimitStore(Redis.createClient(vertx, RedisLimitStore.options(
        settings.redisUrl())), settings.failOpen() ? RedisLimitStore.FailMode.OPEN
        : RedisLimitStore.FailMode.CLOSED, RedisLimitStore.DEFAULT_PREFIX, settings.timeout());
  }

  /** The response cache the configuration asks for, or null when it is off. */
  private static ResponseCache responseCache(Vertx vertx, CacheSettings settings) {
    if (!settings.enabled()) {
      return null;
    }
    if (settings.store() == CacheSettings.Store.MEMORY) {
      LOG.info("response cache in memory max_bytes={} ttl={} scope={}", settings.maxBytes(),
          settings.ttl(), settings.scope());
      return new MemoryResponseCache(settings.maxBytes());
    }
    LOG.info("response cache in redis url={} ttl={} scope={}", redactedUrl(settings.redisUrl()),
        settings.ttl(), settings.scope());
    return new RedisResponseCache(Redis.createClient(vertx,
        RedisResponseCache.options(settings.redisUrl())), RedisResponseCache.DEFAULT_PREFIX,
        settings.timeout(), RedisResponseCache.DEFAULT_MAX_VALUE_BYTES);
  }

  /**
   * The semantic cache's vectors, kept where the answers are (this process, or the shared Redis),
   * or null when the response cache is off. Built whether or not an alias uses it yet (a routing
   * change may add one; an index unused costs nothing, a Redis client connects on first use). In
   * memory, the vectors are bounded by the answers' {@code max_size} too (at most
   * {@link MemorySemanticIndex#DEFAULT_MAX_BYTES}).
   */
  private static SemanticCache semanticCache(Vertx vertx, GatewayConfig config,
      SemanticCache.Embedder embedder) {
    CacheSettings settings = config.cache();
    if (!settings.enabled()) {
      return null;
    }
    if (settings.store() == CacheSettings.Store.MEMORY) {
      return new SemanticCache(new MemorySemanticIndex(Math.min(settings.maxBytes(),
          MemorySemanticIndex.DEFAULT_MAX_BYTES)), embedder);
    }
    return new SemanticCache(new RedisSemanticIndex(Redis.createClient(vertx,
        RedisResponseCache.options(settings.redisUrl())), RedisSemanticIndex.DEFAULT_PREFIX,
        settings.timeout(), RedisSemanticIndex.DEFAULT_MAX_PER_SCOPE, Clock.systemUTC()),
        embedder);
  }

  /** A Redis URL without its password. */
  static String redactedUrl(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  /**
   * A concrete free port for {@code port: 0}: every event loop's server must bind the same number
   * to share the socket (Vert.x would give each {@code 0} a port of its own).
   */
  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  /** Without keys the gateway is open: it says so, and listens on loopback only. */
  private static String effectiveHost(String configured, KeyRing keys) {
    if (!keys.isEmpty()) {
      return configured;
    }
    LOG.warn("*** NO API KEYS CONFIGURED: every local process may use this gateway without a key. "
        + "Listening on loopback only. Add 'keys:' to the configuration to serve other hosts. ***");
    if (isLoopback(configured)) {
      return configured;
    }
    LOG.warn("configured host {} ignored: without keys Gantry binds 127.0.0.1", configured);
    return "127.0.0.1";
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  public boolean ready() {
    return ready.get();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Stops the servers, then closes every adapter. */
  public Future<Void> close() {
    if (probes != null) {
      probes.stop();
    }
    if (storedKeys != null) {
      storedKeys.stop();
    }
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    if (routingSync != null) {
      routingSync.stop();
    }
    return Future.join(undeployed)
        .transform(ar -> tokenReload)
        .transform(ar -> fineTuning == null ? Future.<Void>succeededFuture() : fineTuning.close())
        .transform(ar -> usage == null ? Future.<Void>succeededFuture() : usage.stop())
        .transform(ar -> {
          List<Future<Void>> closed = new ArrayList<>();
          adapters.values().forEach(a -> closed.add(a.close()));
          if (tokens != null) {
            closed.add(tokens.close());
          }
          if (limits != null) {
            closed.add(limits.close());
          }
          if (cache != null) {
            closed.add(cache.close());
          }
          if (semantic != null) {
            closed.add(semantic.close());
          }
          if (stateStore != null) {
            closed.add(stateStore.close());
          }
          return Future.join(closed).mapEmpty();
        });
  }
}
