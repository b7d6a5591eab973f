package dev.gantry.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes providers and models in the config file's schema: a routing document
 * ({@code {"providers": {...}, "models": [...]}}) that {@link ConfigLoader#withRouting} binds back
 * to equal records. Fields at the binder's defaults are left out ({@code weight: 1},
 * {@code kind: chat}...), and mappings are written in key order, so a config always writes the
 * same JSON.
 */
public final class ConfigWriter {

  /** How secrets are written. */
  public enum Secrets {
    /** Literal secrets as their values, for storing the document. */
    KEEP,
    /** Literal secrets as {@value #MASKED}, for showing the document. */
    MASK;

    /** What a masked literal secret is written as. */
    public static final String MASKED = "***";
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_CONNECTIONS = 64;
  private static final int OLLAMA_MAX_CONNECTIONS = 16;
  private static final int LOCAL_MAX_BATCH = 32;
  private static final Duration MAX_COLD_START_WAIT = Duration.ofSeconds(30);

  private ConfigWriter() {
  }

  /**
   * The config's providers (by name) and models (in order); providers' timeouts equal to
   * {@code server.request_timeout} are left out, as that is their default.
   */
  public static ObjectNode routing(GatewayConfig config, Secrets secrets) {
    ObjectNode out = JSON.objectNode();
    ObjectNode providers = out.putObject("providers");
    Duration defaultTimeout = config.server().requestTimeout();
    new TreeMap<>(config.providers()).forEach(
        (name, p) -> providers.set(name, provider(p, secrets, defaultTimeout)));
    ArrayNode models = out.putArray("models");
    config.models().forEach(m -> models.add(model(m, secrets)));
    return out;
  }

  /**
   * One entry of {@code providers} (without its name). Its timeout is always written, since its
   * default depends on the server settings.
   */
  public static ObjectNode provider(ProviderSettings p, Secrets secrets) {
    return provider(p, secrets, null);
  }

  /** As {@link #provider(ProviderSettings, Secrets)}, leaving out a timeout equal to the default. */
  private static ObjectNode provider(ProviderSettings p, Secrets secrets,
      Duration defaultTimeout) {
    ObjectNode out = JSON.objectNode();
    out.put("type", p.type().id());
    if (p instanceof ProviderSettings.OpenAi) {
      ProviderSettings.OpenAi o = (ProviderSettings.OpenAi) p;
      out.put("base_url", o.baseUrl());
      secret(out, "api_key", o.apiKey(), secrets);
      if (!o.authHeader().equals("Authorization")) {
        out.put("auth_header", o.authHeader());
      }
      strings(out, "headers", o.headers());
      strings(out, "query_params", o.queryParams());
      timeout(out, o.timeout(), defaultTimeout);
      integer(out, "max_connections", o.maxConnections(), MAX_CONNECTIONS);
    } else if (p instanceof ProviderSettings.Ollama) {
      ProviderSettings.Ollama o = (ProviderSettings.Ollama) p;
      out.put("base_url", o.baseUrl());
      text(out, "keep_alive", o.keepAlive());
      timeout(out, o.timeout(), defaultTimeout);
      integer(out, "max_connections", o.maxConnections(), OLLAMA_MAX_CONNECTIONS);
    } else if (p instanceof ProviderSettings.Local) {
      ProviderSettings.Local l = (ProviderSettings.Local) p;
      integer(out, "threads", l.threads(), 0);
      integer(out, "max_batch", l.maxBatch(), LOCAL_MAX_BATCH);
    } else if (p instanceof ProviderSettings.Bedrock) {
      ProviderSettings.Bedrock b = (ProviderSettings.Bedrock) p;
      aws(out, b.region(), b.endpoint(), b.profile(), b.accessKeyId(), b.secretAccessKey(),
          b.sessionToken(), secrets);
      secret(out, "api_key", b.apiKey(), secrets);
      timeout(out, b.timeout(), defaultTimeout);
      integer(out, "max_connections", b.maxConnections(), MAX_CONNECTIONS);
    } else if (p instanceof ProviderSettings.SageMaker) {
      ProviderSettings.SageMaker s = (ProviderSettings.SageMaker) p;
      aws(out, s.region(), s.endpoint(), s.profile(), s.accessKeyId(), s.secretAccessKey(),
          s.sessionToken(), secrets);
      timeout(out, s.timeout(), defaultTimeout);
      integer(out, "max_connections", s.maxConnections(), MAX_CONNECTIONS);
    } else if (p instanceof ProviderSettings.Vertex) {
      ProviderSettings.Vertex v = (ProviderSettings.Vertex) p;
      out.put("project", v.project());
      out.put("location", v.location());
      text(out, "endpoint", v.endpoint());
      secret(out, "credentials", v.credentials(), secrets);
      secret(out, "access_token", v.accessToken(), secrets);
      timeout(out, v.timeout(), defaultTimeout);
      integer(out, "max_connections", v.maxConnections(), MAX_CONNECTIONS);
    } else if (p instanceof ProviderSettings.HuggingFace) {
      ProviderSettings.HuggingFace h = (ProviderSettings.HuggingFace) p;
      out.put("base_url", h.baseUrl());
      secret(out, "api_key", h.apiKey(), secrets);
      strings(out, "headers", h.headers());
      timeout(out, h.timeout(), defaultTimeout);
      integer(out, "max_connections", h.maxConnections(), MAX_CONNECTIONS);
      if (!h.maxColdStartWait().equals(MAX_COLD_START_WAIT)) {
        out.put("max_cold_start_wait", duration(h.maxColdStartWait()));
      }
      durationOrNull(out, "keep_warm", h.keepWarm());
    } else if (p instanceof ProviderSettings.Triton) {
      ProviderSettings.Triton t = (ProviderSettings.Triton) p;
      out.put("base_url", t.baseUrl());
      secret(out, "api_key", t.apiKey(), secrets);
      strings(out, "headers", t.headers());
      timeout(out, t.timeout(), defaultTimeout);
      integer(out, "max_connections", t.maxConnections(), MAX_CONNECTIONS);
    } else {
      throw new IllegalArgumentException("no writer for provider type " + p.type());
    }
    return out;
  }

  private static void aws(ObjectNode out, String region, String endpoint, String profile,
      SecretRef accessKeyId, SecretRef secretAccessKey, SecretRef sessionToken, Secrets secrets) {
    out.put("region", region);
    text(out, "endpoint", endpoint);
    text(out, "profile", profile);
    secret(out, "access_key_id", accessKeyId, secrets);
    secret(out, "secret_access_key", secretAccessKey, secrets);
    secret(out, "session_token", sessionToken, secrets);
  }

  /** One entry of {@code models}, a literal trainer key ({@code fine_tuning.api_key}) masked. */
  public static ObjectNode model(ModelAlias m) {
    return model(m, Secrets.MASK);
  }

  /** One entry of {@code models}; its only secret is a trainer's {@code fine_tuning.api_key}. */
  public static ObjectNode model(ModelAlias m, Secrets secrets) {
    ObjectNode out = JSON.objectNode();
    out.put("name", m.name());
    if (m.kind() != ModelKind.CHAT) {
      out.put("kind", m.kind().id());
    }
    text(out, "description", m.description());
    if (!m.tokenizer().equals(TokenizerSpec.ESTIMATE)) {
      out.put("tokenizer", tokenizer(m.tokenizer()));
    }
    ObjectNode routing = routing(m.routing());
    if (!routing.isEmpty()) {
      out.set("routing", routing);
    }
    fallbacks(out, m.fallbacks());
    limits(out, m.limits());
    cache(out, m.cache());
    if (m.fineTuning() != null) {
      out.set("fine_tuning", fineTuning(m.fineTuning(), secrets));
    }
    ArrayNode deployments = out.putArray("deployments");
    m.deployments().forEach(d -> deployments.add(deployment(d)));
    return out;
  }

  private static String tokenizer(TokenizerSpec t) {
    switch (t.kind()) {
      case HF:
        return "hf:" + t.location();
      case HUB:
        return "hub:" + t.location();
      case TIKTOKEN:
        return "tiktoken:" + t.location();
      case PROVIDER:
        return "provider";
      default:
        return "estimate";
    }
  }

  private static ObjectNode routing(Routing r) {
    Routing d = Routing.DEFAULTS;
    ObjectNode out = JSON.objectNode();
    if (r.strategy() != d.strategy()) {
      out.put("strategy", r.strategy().id());
    }
    integer(out, "max_attempts", r.maxAttempts(), d.maxAttempts());
    durationIfNot(out, "backoff", r.backoff(), d.backoff());
    durationIfNot(out, "max_backoff", r.maxBackoff(), d.maxBackoff());
    ObjectNode breaker = breaker(r.breaker());
    if (!breaker.isEmpty()) {
      out.set("breaker", breaker);
    }
    durationIfNot(out, "first_token_timeout", r.firstTokenTimeout(), d.firstTokenTimeout());
    durationIfNot(out, "stream_idle_timeout", r.streamIdleTimeout(), d.streamIdleTimeout());
    durationIfNot(out, "latency_half_life", r.latencyHalfLife(), d.latencyHalfLife());
    durationIfNot(out, "probe_interval", r.probeInterval(), d.probeInterval());
    return out;
  }

  private static ObjectNode breaker(Routing.Breaker b) {
    Routing.Breaker d = Routing.Breaker.DEFAULTS;
    ObjectNode out = JSON.objectNode();
    integer(out, "failure_rate", b.failureRatePercent(), d.failureRatePercent());
    integer(out, "slow_call_rate", b.slowCallRatePercent(), d.slowCallRatePercent());
    durationIfNot(out, "slow_call", b.slowCall(), d.slowCall());
    integer(out, "window", b.window(), d.window());
    // the binder's default minimum is capped by the window
    integer(out, "minimum_calls", b.minimumCalls(), Math.min(d.minimumCalls(), b.window()));
    durationIfNot(out, "open_for", b.openFor(), d.openFor());
    integer(out, "half_open_calls", b.halfOpenCalls(), d.halfOpenCalls());
    return out;
  }

  /** Only {@code general}: the list form; else the mapping of the non-empty lists. */
  private static void fallbacks(ObjectNode out, Fallbacks f) {
    if (f.equals(Fallbacks.NONE)) {
      return;
    }
    if (f.contextLength().isEmpty() && f.contentFilter().isEmpty() && f.rateLimit().isEmpty()) {
      out.set("fallbacks", list(f.general()));
      return;
    }
    ObjectNode node = out.putObject("fallbacks");
    listIfAny(node, "general", f.general());
    listIfAny(node, "context_length", f.contextLength());
    listIfAny(node, "content_filter", f.contentFilter());
    listIfAny(node, "rate_limit", f.rateLimit());
  }

  private static void limits(ObjectNode out, Limits l) {
    if (l.isEmpty()) {
      return;
    }
    ObjectNode node = out.putObject("limits");
    longOrNull(node, "rpm", l.rpm());
    longOrNull(node, "tpm", l.tpm());
    longOrNull(node, "input_tpm", l.inputTpm());
    longOrNull(node, "output_tpm", l.outputTpm());
    longOrNull(node, "concurrent", l.concurrent());
    longOrNull(node, "tokens_per_day", l.tokensPerDay());
  }

  private static void cache(ObjectNode out, CachePolicy c) {
    if (c.equals(CachePolicy.INHERIT)) {
      return;
    }
    ObjectNode node = out.putObject("cache");
    if (c.enabled() != null) {
      node.put("enabled", c.enabled());
    }
    durationOrNull(node, "ttl", c.ttl());
    if (c.semantic() != null) {
      ObjectNode semantic = node.putObject("semantic");
      if (c.semantic().threshold() != CachePolicy.Semantic.DEFAULT_THRESHOLD) {
        semantic.put("threshold", c.semantic().threshold());
      }
      if (!c.semantic().embeddingModel().equals(CachePolicy.Semantic.DEFAULT_EMBEDDING_MODEL)) {
        semantic.put("embedding_model", c.semantic().embeddingModel());
      }
    }
  }

  private static ObjectNode fineTuning(FineTuningTarget t, Secrets secrets) {
    ObjectNode out = JSON.objectNode();
    out.put("provider", t.provider());
    out.put("base_model", t.baseModel());
    new TreeMap<>(t.options()).forEach((name, value) -> {
      if (name.equals("price_per_million_tokens")) {
        out.put(name, Double.parseDouble(value));  // the binder reads a number
      } else {
        out.put(name, value);
      }
    });
    secret(out, "api_key", t.apiKey(), secrets);
    return out;
  }

  private static ObjectNode deployment(Deployment d) {
    ObjectNode out = JSON.objectNode();
    out.put("provider", d.provider());
    out.put("model", d.model());
    integer(out, "weight", d.weight(), 1);
    durationOrNull(out, "timeout", d.timeout());
    strings(out, "options", d.options());
    integer(out, "priority", d.priority(), 0);
    if (d.price() != null) {
      ObjectNode price = out.putObject("price");
      price.put("input", d.price().input());
      price.put("output", d.price().output());
      if (d.price().cachedInput() != d.price().input()) {
        price.put("cached_input", d.price().cachedInput());
      }
    }
    strings(out, "tags", d.tags());
    integer(out, "traffic_percent", d.trafficPercent(), 0);
    integer(out, "shadow_percent", d.shadowPercent(), 0);
    limits(out, d.limits());
    return out;
  }

  private static void secret(ObjectNode out, String field, SecretRef ref, Secrets secrets) {
    if (ref == null) {
      return;
    }
    out.put(field, ref.source() == SecretRef.Source.LITERAL && secrets == Secrets.MASK
        ? Secrets.MASKED : ref.reference());
  }

  private static void timeout(ObjectNode out, Duration timeout, Duration defaultTimeout) {
    if (!timeout.equals(defaultTimeout)) {
      out.put("timeout", duration(timeout));
    }
  }

  private static void text(ObjectNode out, String field, String value) {
    if (value != null) {
      out.put(field, value);
    }
  }

  private static void integer(ObjectNode out, String field, int value, int fallback) {
    if (value != fallback) {
      out.put(field, value);
    }
  }

  private static void longOrNull(ObjectNode out, String field, Long value) {
    if (value != null) {
      out.put(field, value);
    }
  }

  private static void strings(ObjectNode out, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode node = out.putObject(field);
      new TreeMap<>(values).forEach(node::put);
    }
  }

  private static ArrayNode list(List<String> values) {
    ArrayNode node = JSON.arrayNode();
    values.forEach(node::add);
    return node;
  }

  private static void listIfAny(ObjectNode out, String field, List<String> values) {
    if (!values.isEmpty()) {
      out.set(field, list(values));
    }
  }

  private static void durationOrNull(ObjectNode out, String field, Duration value) {
    if (value != null) {
      out.put(field, duration(value));
    }
  }

  private static void durationIfNot(ObjectNode out, String field, Duration value,
      Duration fallback) {
    if (value != null && !value.equals(fallback)) {
      out.put(field, duration(value));
    }
  }

  /**
   * A duration as the binder reads it: whole hours, minutes, seconds or milliseconds.
   *
   * @throws IllegalArgumentException for a duration the config cannot express (not positive, or
   *     finer than a millisecond)
   */
  static String duration(Duration d) {
    if (d.isNegative() || d.isZero() || d.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("not expressible in the config: " + d);
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
