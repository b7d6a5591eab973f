package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds a YAML tree to a {@link GatewayConfig}, checking types, ranges and cross-references
 * (deployments name declared providers, keys name declared models) in one pass, so that every
 * error is reported with the path it was found at.
 */
final class ConfigBinder {

  private static final Set<String> ROOT_FIELDS =
      Set.of("server", "providers", "models", "keys", "teams", "limit_store", "state_store",
          "cache", "fine_tuning");
  /** The sections of a routing document ({@link #bindRouting}). */
  private static final Set<String> ROUTING_FIELDS = Set.of("providers", "models");
  private static final Set<String> SERVER_FIELDS =
      Set.of("host", "port", "max_body_size", "request_timeout");
  private static final Set<String> MODEL_FIELDS =
      Set.of("name", "kind", "description", "tokenizer", "routing", "fallbacks", "limits", "cache",
          "fine_tuning", "deployments");
  private static final Set<String> DEPLOYMENT_FIELDS = union(
      Set.of("provider", "model", "weight", "timeout", "options", "limits"),
      RoutingBinder.DEPLOYMENT_FIELDS);
  private static final Set<String> KEY_FIELDS =
      Set.of("name", "key", "key_sha256", "models", "admin", "team", "limits");
  private static final Pattern OPTION_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  /** A Hub model id ({@code owner/name}, or a bare legacy name), then optionally {@code @revision}. */
  private static final Pattern HUB_REPO =
      Pattern.compile("[A-Za-z0-9][\\w.-]*(/[A-Za-z0-9][\\w.-]*)?(@[\\w./-]+)?");

  private final TreeReader r;
  /** Every name under {@code providers}, valid or not, so a bad entry is reported only once. */
  private final Set<String> declaredProviders = new HashSet<>();
  /** The type of each provider whose type is known. */
  private final Map<String, ProviderType> providerTypes = new HashMap<>();
  /** Every model name declared under {@code models}, with the index that declared it first. */
  private final Map<String, Integer> modelNames = new HashMap<>();

  private final RoutingBinder routing;
  private final LimitsBinder limits;

  ConfigBinder(Map<String, String> env) {
    this.r = new TreeReader(env);
    this.routing = new RoutingBinder(r);
    this.limits = new LimitsBinder(r);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** Every error found by {@link #bind}, section by section in the order found. */
  List<String> errors() {
    return r.errors();
  }

  /** The config, or empty when {@link #errors()} is not. */
  Optional<GatewayConfig> bind(JsonNode root) {
    if (!root.isObject()) {
      r.error("", "the document must be a mapping");
      return Optional.empty();
    }
    r.object(root, "", ROOT_FIELDS);
    JsonNode server = section(root, "server");
    boolean serverOk = r.object(server, "server", SERVER_FIELDS);
    String host = r.string(server, "server", "host", null);
    int port = r.integer(server, "server", "port", ServerSettings.DEFAULTS.port(), 1, 65535);
    long maxBody = r.byteSize(server, "server", "max_body_size",
        ServerSettings.DEFAULTS.maxBodyBytes());
    Duration requestTimeout = r.duration(server, "server", "request_timeout",
        ServerSettings.DEFAULTS.requestTimeout());

    Map<String, ProviderSettings> providers = providers(root, requestTimeout);
    List<ModelAlias> models = models(root);
    List<Team> teams = limits.teams(root);
    List<ApiKey> keys = keys(root, teams);
    LimitStoreSettings limitStore = limits.store(root);
    StateStoreSettings stateStore = new StateStoreBinder(r).bind(root);
    CacheBinder caches = new CacheBinder(r);
    CacheSettings cache = caches.bind(root);
    caches.check(cache, models, modelNames);
    FineTuningSettings fineTuning = new FineTuningBinder(r).bind(root);
    if (serverOk) {
      host = host(host, root);
    }
    if (r.errorCount() > 0) {
      return Optional.empty();
    }
    return Optional.of(new GatewayConfig(new ServerSettings(host, port, maxBody, requestTimeout),
        providers, models, keys, teams, limitStore, stateStore, cache, fineTuning));
  }

  /**
   * {@code base} with the providers and models of a routing document ({@code providers} and
   * {@code models} only), bound and checked as in a file, then checked against the rest of
   * {@code base} as a file is: the keys' {@code models} allow-lists and the cache section that
   * semantic caches need. Empty when {@link #errors()} is not.
   */
  Optional<GatewayConfig> bindRouting(GatewayConfig base, JsonNode document) {
    if (!document.isObject()) {
      r.error("", "the document must be a mapping");
      return Optional.empty();
    }
    for (Map.Entry<String, JsonNode> field : document.properties()) {
      if (!ROUTING_FIELDS.contains(field.getKey())) {
        r.error(field.getKey(), ROOT_FIELDS.contains(field.getKey())
            ? "not part of a routing document" : "unknown field");
      }
    }
    Map<String, ProviderSettings> providers =
        providers(document, base.server().requestTimeout());
    List<ModelAlias> models = models(document);
    for (int i = 0; i < base.keys().size(); i++) {
      checkKeyModels(TreeReader.at("keys", i), base.keys().get(i).models());
    }
    new CacheBinder(r).check(base.cache(), models, modelNames);
    if (r.errorCount() > 0) {
      return Optional.empty();
    }
    return Optional.of(new GatewayConfig(base.server(), providers, models, base.keys(),
        base.teams(), base.limitStore(), base.stateStore(), base.cache(), base.fineTuning()));
  }

  /** The section's node; an empty mapping when it is absent or null. */
  private static JsonNode section(JsonNode root, String field) {
    JsonNode node = TreeReader.present(root, field);
    return node == null ? JsonNodeFactory.instance.objectNode() : node;
  }

  /**
   * The bind address. Without keys the gateway is open to anyone who can reach it, so it then
   * defaults to loopback and may not be set to anything else.
   */
  private String host(String host, JsonNode root) {
    JsonNode keys = TreeReader.present(root, "keys");
    boolean hasKeys = keys != null && keys.size() > 0;
    if (host == null) {
      return hasKeys ? ServerSettings.DEFAULTS.host() : "127.0.0.1";
    }
    if (!hasKeys && !isLoopback(host)) {
      r.error("server.host", "a non-loopback address needs at least one entry under keys");
    }
    return host;
  }

  /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1} (bracketed or not). */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("::1") || h.equals("[::1]")
        || LOOPBACK_V4.matcher(h).matches();
  }

  private Map<String, ProviderSettings> providers(JsonNode root, Duration defaultTimeout) {
    Map<String, ProviderSettings> out = new LinkedHashMap<>();
    JsonNode node = TreeReader.present(root, "providers");
    if (node == null) {
      return out;
    }
    if (!node.isObject()) {
      r.error("providers", "must be a mapping");
      return out;
    }
    ProviderBinder binder = new ProviderBinder(r, defaultTimeout);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      String path = TreeReader.at("providers", name);
      declaredProviders.add(name);
      if (!ProviderBinder.NAME.matcher(name).matches()) {
        r.error(path, "name must match " + ProviderBinder.NAME.pattern());
        continue;
      }
      if (!entry.getValue().isObject()) {
        r.error(path, "must be a mapping");
        continue;
      }
      ProviderType type = binder.type(entry.getValue(), path);
      if (type != null) {
        providerTypes.put(name, type);
        ProviderSettings settings = binder.bind(name, type, entry.getValue(), path);
        if (settings != null) {
          out.put(name, settings);
        }
      }
    }
    return out;
  }

  private List<ModelAlias> models(JsonNode root) {
    List<ModelAlias> out = new ArrayList<>();
    JsonNode node = TreeReader.present(root, "models");
    if (node == null) {
      return out;
    }
    if (!node.isArray()) {
      r.error("models", "must be a list");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String path = TreeReader.at("models", i);
      JsonNode item = node.get(i);
      int mark = r.errorCount();
      if (!r.object(item, path, MODEL_FIELDS)) {
        continue;
      }
      String name = r.requiredString(item, path, "name");
      if (name != null) {
        Integer first = modelNames.putIfAbsent(name, i);
        if (first != null) {
          r.error(TreeReader.at(path, "name"),
              "duplicate model '" + name + "' (also " + TreeReader.at("models", first) + ")");
        }
      }
      ModelKind kind = kind(item, path);
      String description = r.string(item, path, "description", null);
      TokenizerSpec tokenizer = tokenizer(item, path);
      Routing routes = routing.routing(item, path);
      Fallbacks fallbacks = routing.fallbacks(item, path);
      Limits aliasLimits = limits.limits(item, path);
      CachePolicy cache = new CacheBinder(r).policy(item, path);
      FineTuningTarget fineTuning = new FineTuningBinder(r).target(item, path, kind,
          providerTypes);
      List<Deployment> deployments = deployments(item, path, kind);
      if (tokenizer == TokenizerSpec.PROVIDER && r.errorCount() == mark) {
        checkProviderCounts(path, kind, deployments);
      }
      if (r.errorCount() == mark) {
        out.add(new ModelAlias(name, kind, deployments, description, tokenizer, routes,
            fallbacks, aliasLimits, cache, fineTuning));
      }
    }
    routing.check(out, modelNames);
    return out;
  }

  /**
   * The alias's tokenizer: {@code hf:<path>} (checked to exist: a {@code tokenizer.json} or a
   * directory holding one), {@code hub:<owner>/<model>[@<revision>]}, {@code tiktoken:<encoding>}
   * or {@code estimate} (the default).
   */
  private TokenizerSpec tokenizer(JsonNode item, String path) {
    String spec = r.string(item, path, "tokenizer", null);
    if (spec == null || spec.equals("estimate")) {
      return TokenizerSpec.ESTIMATE;
    }
    if (spec.equals("provider")) {
      return TokenizerSpec.PROVIDER;
    }
    String at = TreeReader.at(path, "tokenizer");
    if (spec.startsWith("tiktoken:")) {
      String encoding = spec.substring("tiktoken:".length());
      if (!TokenizerSpec.ENCODINGS.contains(encoding)) {
        r.error(at, "unknown encoding '" + encoding + "' (expected one of: "
            + String.join(", ", TokenizerSpec.ENCODINGS) + ")");
        return null;
      }
      return new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, encoding);
    }
    if (spec.startsWith("hf:") && spec.length() > 3) {
      Path file = Path.of(spec.substring(3));
      if (Files.isDirectory(file)) {
        file = file.resolve("tokenizer.json");
      }
      if (!Files.isRegularFile(file)) {
        r.error(at, "no tokenizer.json at " + spec.substring(3));
        return null;
      }
      return new TokenizerSpec(TokenizerSpec.Kind.HF, file.toString());
    }
    if (spec.startsWith("hub:")) {
      String repo = spec.substring("hub:".length());
      if (!HUB_REPO.matcher(repo).matches() || repo.contains("..")) {
        r.error(at, "must be hub:<owner>/<model>, optionally @<revision> (a branch, tag or commit)");
        return null;
      }
      return new TokenizerSpec(TokenizerSpec.Kind.HUB, repo);
    }
    r.error(at, "must be hf:<path to tokenizer.json or its directory>, hub:<owner>/<model>,"
        + " tiktoken:<encoding>, provider or estimate");
    return null;
  }

  /**
   * {@code tokenizer: provider} needs a chat alias whose every deployment can count: Bedrock
   * (CountTokens), or Vertex serving Gemini ({@code :countTokens}) or Claude
   * ({@code count-tokens:rawPredict}), not its OpenAI-compatible or {@code predict} routes.
   */
  private void checkProviderCounts(String path, ModelKind kind, List<Deployment> deployments) {
    String at = TreeReader.at(path, "tokenizer");
    if (kind != ModelKind.CHAT) {
      r.error(at, "provider counts only chat prompts; this alias is " + kind.id());
      return;
    }
    for (int j = 0; j < deployments.size(); j++) {
      Deployment d = deployments.get(j);
      ProviderType type = providerTypes.get(d.provider());
      if (!canCount(type, d)) {
        r.error(at, "provider needs deployments that count tokens (bedrock, or vertex Gemini or"
            + " Claude), but " + TreeReader.at(TreeReader.at(path, "deployments"), j) + " ("
            + d.provider() + ", " + (type == null ? "unknown" : type.id()) + " " + d.model()
            + ") cannot");
      }
    }
  }

  /** Mirrors how the Vertex adapter picks an API: option {@code api}, else the model name. */
  private static boolean canCount(ProviderType type, Deployment d) {
    if (type == ProviderType.BEDROCK) {
      return true;
    }
    if (type != ProviderType.VERTEX) {
      return false;
    }
    String api = d.options().get("api");
    if (api != null) {
      return api.equalsIgnoreCase("gemini") || api.equalsIgnoreCase("anthropic");
    }
    return !d.options().containsKey("endpoint") && !d.model().contains("/");
  }

  /** The alias kind ({@code chat} when absent), or null after reporting an unknown one. */
  private ModelKind kind(JsonNode item, String path) {
    if (!TreeReader.has(item, "kind")) {
      return ModelKind.CHAT;
    }
    String id = r.string(item, path, "kind", null);
    if (id == null) {
      return null;
    }
    ModelKind kind = ModelKind.fromId(id).orElse(null);
    if (kind == null) {
      r.error(TreeReader.at(path, "kind"), "unknown kind '" + id + "' (expected one of: "
          + Arrays.stream(ModelKind.values()).map(ModelKind::id).collect(Collectors.joining(", "))
          + ")");
    }
    return kind;
  }

  private List<Deployment> deployments(JsonNode item, String path, ModelKind kind) {
    List<Deployment> out = new ArrayList<>();
    String where = TreeReader.at(path, "deployments");
    JsonNode node = TreeReader.present(item, "deployments");
    if (node == null || (node.isArray() && node.isEmpty())) {
      r.error(where, "at least one deployment");
      return out;
    }
    if (!node.isArray()) {
      r.error(where, "must be a list");
      return out;
    }
    for (int j = 0; j < node.size(); j++) {
      String dpath = TreeReader.at(where, j);
      JsonNode d = node.get(j);
      int mark = r.errorCount();
      if (!r.object(d, dpath, DEPLOYMENT_FIELDS)) {
        continue;
      }
      String provider = r.requiredString(d, dpath, "provider");
      if (provider != null) {
        checkProvider(provider, kind, TreeReader.at(dpath, "provider"));
      }
      String model = r.requiredString(d, dpath, "model");
      if (provider != null && model != null && providerTypes.get(provider) == ProviderType.LOCAL
          && !LOCAL_MODELS.contains(model)) {
        r.error(TreeReader.at(dpath, "model"), "the local provider has no model '" + model
            + "' (available: " + String.join(", ", LOCAL_MODELS) + ")");
      }
      int weight = r.integer(d, dpath, "weight", 1, 1, Integer.MAX_VALUE);
      Duration timeout = r.duration(d, dpath, "timeout", null);
      Map<String, String> options = options(d, dpath);
      Deployment deployment = routing.deployment(d, dpath, provider, model, weight, timeout,
          options, limits.limits(d, dpath));
      if (r.errorCount() == mark) {
        out.add(deployment);
      }
    }
    return out;
  }

  /** A deployment's provider-specific options: names match {@link #OPTION_NAME}, values strings. */
  private Map<String, String> options(JsonNode d, String dpath) {
    Map<String, String> out = r.stringMap(d, dpath, "options");
    JsonNode node = TreeReader.present(d, "options");
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!OPTION_NAME.matcher(e.getKey()).matches()) {
          r.error(TreeReader.at(TreeReader.at(dpath, "options"), e.getKey()),
              "name must match " + OPTION_NAME.pattern());
        }
      }
    }
    return out;
  }

  /** The models the in-process {@code local} provider ships. */
  static final List<String> LOCAL_MODELS = List.of("all-minilm-l6-v2");

  private void checkProvider(String provider, ModelKind kind, String where) {
    if (!declaredProviders.contains(provider)) {
      r.error(where, "unknown provider '" + provider + "'");
    } else if (providerTypes.get(provider) == ProviderType.LOCAL && kind != null
        && kind != ModelKind.EMBEDDINGS) {
      r.error(where, "local provider '" + provider + "' serves embeddings only, not " + kind.id());
    }
  }

  private List<ApiKey> keys(JsonNode root, List<Team> teams) {
    List<ApiKey> out = new ArrayList<>();
    JsonNode node = TreeReader.present(root, "keys");
    if (node == null) {
      return out;
    }
    if (!node.isArray()) {
      r.error("keys", "must be a list");
      return out;
    }
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String path = TreeReader.at("keys", i);
      JsonNode item = node.get(i);
      int mark = r.errorCount();
      if (!r.object(item, path, KEY_FIELDS)) {
        continue;
      }
      String name = r.requiredString(item, path, "name");
      if (name != null) {
        Integer first = names.putIfAbsent(name, i);
        if (first != null) {
          r.error(TreeReader.at(path, "name"),
              "duplicate key '" + name + "' (also " + TreeReader.at("keys", first) + ")");
        }
      }
      if (TreeReader.has(item, "key") == TreeReader.has(item, "key_sha256")) {
        r.error(path, "exactly one of key, key_sha256");
      }
      SecretRef key = r.secret(item, path, "key");
      String sha256 = sha256(item, path);
      List<String> models = r.stringList(item, path, "models");
      checkKeyModels(path, models);
      boolean admin = r.bool(item, path, "admin", false);
      String team = r.string(item, path, "team", null);
      if (team != null && teams.stream().noneMatch(t -> t.name().equals(team))) {
        r.error(TreeReader.at(path, "team"), "unknown team '" + team + "'");
      }
      Limits keyLimits = limits.limits(item, path);
      if (r.errorCount() == mark) {
        out.add(new ApiKey(name, key, sha256, models, admin, team, keyLimits));
      }
    }
    return out;
  }

  /** Reports each entry of a key's {@code models} allow-list that names no declared alias. */
  private void checkKeyModels(String path, List<String> models) {
    for (int j = 0; j < models.size(); j++) {
      String model = models.get(j);
      if (model != null && !modelNames.containsKey(model)) {
        r.error(TreeReader.at(TreeReader.at(path, "models"), j), "unknown model '" + model + "'");
      }
    }
  }

  /** The key's SHA-256 in lower-case hex, or null when absent or wrong. */
  private String sha256(JsonNode item, String path) {
    String hex = r.string(item, path, "key_sha256", null);
    if (hex == null) {
      return null;
    }
    if (!SHA256.matcher(hex).matches()) {
      r.error(TreeReader.at(path, "key_sha256"), "must be 64 hex characters");
      return null;
    }
    return hex.toLowerCase(Locale.ROOT);
  }
}
