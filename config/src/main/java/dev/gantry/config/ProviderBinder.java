package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Binds one entry of {@code providers}, dispatching on its {@code type}. */
final class ProviderBinder {

  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern GO_DURATION = Pattern.compile("-?(\\d+(\\.\\d+)?(ns|us|ms|s|m|h))+|0");

  private static final Set<String> OPENAI_FIELDS = Set.of("type", "base_url", "api_key",
      "auth_header", "headers", "query_params", "timeout", "max_connections");
  private static final Set<String> OLLAMA_FIELDS =
      Set.of("type", "base_url", "keep_alive", "timeout", "max_connections");
  private static final Set<String> LOCAL_FIELDS = Set.of("type", "threads", "max_batch");
  private static final Set<String> BEDROCK_FIELDS = Set.of("type", "region", "endpoint", "profile",
      "access_key_id", "secret_access_key", "session_token", "api_key", "timeout",
      "max_connections");
  private static final Set<String> SAGEMAKER_FIELDS = Set.of("type", "region", "endpoint",
      "profile", "access_key_id", "secret_access_key", "session_token", "timeout",
      "max_connections");
  private static final Set<String> TRITON_FIELDS = Set.of("type", "base_url", "api_key", "headers",
      "timeout", "max_connections");
  private static final Set<String> VERTEX_FIELDS = Set.of("type", "project", "location",
      "endpoint", "credentials", "access_token", "timeout", "max_connections");
  private static final Set<String> HUGGINGFACE_FIELDS = Set.of("type", "base_url", "api_key",
      "headers", "timeout", "max_connections", "max_cold_start_wait", "keep_warm");
  /** An AWS region: {@code us-east-1}, {@code us-gov-west-1}, {@code us-iso-east-1}... */
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}");
  /**
   * Regions of the aws, aws-cn and aws-us-gov partitions, the ones whose endpoint
   * {@link ProviderSettings.Bedrock#endpointUrl()} derives; others need an explicit endpoint.
   */
  private static final Pattern DERIVABLE_REGION =
      Pattern.compile("([a-z]{2}|us-gov)-[a-z]+-[0-9]{1,2}");

  /** A Google Cloud project id: 6 to 30 of [a-z0-9-], starting with a letter, not ending in '-'. */
  private static final Pattern GCP_PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  /** A Google Cloud project number (a positive int64). */
  private static final Pattern GCP_PROJECT_NUMBER = Pattern.compile("[1-9][0-9]{0,18}");
  /** A Vertex AI location: {@code global} or a region ({@code us-central1}, not a zone). */
  private static final Pattern GCP_LOCATION = Pattern.compile("global|[a-z]+-[a-z]+[0-9]{1,2}");

  private static final int OPENAI_MAX_CONNECTIONS = 64;
  private static final int OLLAMA_MAX_CONNECTIONS = 16;
  private static final int LOCAL_MAX_BATCH = 32;
  private static final int BEDROCK_MAX_CONNECTIONS = 64;
  private static final int VERTEX_MAX_CONNECTIONS = 64;
  private static final int HUGGINGFACE_MAX_CONNECTIONS = 64;
  /** The shortest keep-warm interval: a ping a second already keeps any endpoint awake. */
  private static final Duration MIN_KEEP_WARM = Duration.ofSeconds(1);
  private static final int SAGEMAKER_MAX_CONNECTIONS = 64;
  private static final int TRITON_MAX_CONNECTIONS = 64;

  private final TreeReader r;
  private final Duration defaultTimeout;

  /**
   * @param defaultTimeout a provider's timeout when it sets none ({@code server.request_timeout})
   */
  ProviderBinder(TreeReader r, Duration defaultTimeout) {
    this.r = r;
    this.defaultTimeout = defaultTimeout;
  }

  /** The provider's type, or null (after reporting) when it is missing or unknown. */
  ProviderType type(JsonNode node, String path) {
    String id = r.requiredString(node, path, "type");
    if (id == null) {
      return null;
    }
    ProviderType type = ProviderType.fromId(id).orElse(null);
    if (type == null) {
      r.error(TreeReader.at(path, "type"), "unknown type '" + id + "' (expected one of: "
          + Arrays.stream(ProviderType.values()).map(ProviderType::id)
              .collect(Collectors.joining(", ")) + ")");
    }
    return type;
  }

  /** The settings of a provider whose type is known, or null after reporting errors. */
  ProviderSettings bind(String name, ProviderType type, JsonNode node, String path) {
    switch (type) {
      case OPENAI:
        return openAi(name, node, path);
      case OLLAMA:
        return ollama(name, node, path);
      case LOCAL:
        return local(name, node, path);
      case BEDROCK:
        return bedrock(name, node, path);
      case VERTEX:
        return vertex(name, node, path);
      case HUGGINGFACE:
        return huggingFace(name, node, path);
      case SAGEMAKER:
        return sageMaker(name, node, path);
      case TRITON:
        return triton(name, node, path);
      default:
        throw new IllegalStateException("no binding for provider type " + type);
    }
  }

  private ProviderSettings openAi(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, OPENAI_FIELDS);
    String baseUrl = baseUrl(node, path);
    SecretRef apiKey = r.secret(node, path, "api_key");
    String authHeader = r.string(node, path, "auth_header", "Authorization");
    checkHeaderName(authHeader, TreeReader.at(path, "auth_header"));
    Map<String, String> headers = r.stringMap(node, path, "headers");
    checkHeaders(headers, TreeReader.at(path, "headers"));
    Map<String, String> queryParams = r.stringMap(node, path, "query_params");
    Duration timeout = r.duration(node, path, "timeout", defaultTimeout);
    int maxConnections = r.integer(node, path, "max_connections", OPENAI_MAX_CONNECTIONS, 1,
        Integer.MAX_VALUE);
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.OpenAi(name, baseUrl, apiKey, authHeader, headers, queryParams,
        timeout, maxConnections);
  }

  private ProviderSettings ollama(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, OLLAMA_FIELDS);
    String baseUrl = baseUrl(node, path);
    String keepAlive = keepAlive(node, path);
    Duration timeout = r.duration(node, path, "timeout", defaultTimeout);
    int maxConnections = r.integer(node, path, "max_connections", OLLAMA_MAX_CONNECTIONS, 1,
        Integer.MAX_VALUE);
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.Ollama(name, baseUrl, keepAlive, timeout, maxConnections);
  }

  private ProviderSettings local(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, LOCAL_FIELDS);
    int threads = r.integer(node, path, "threads", 0, 0, Integer.MAX_VALUE);
    int maxBatch = r.integer(node, path, "max_batch", LOCAL_MAX_BATCH, 1, Integer.MAX_VALUE);
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.Local(name, threads, maxBatch);
  }

  /** What every AWS provider reads: where it calls and how it signs. */
  private record Aws(String region, String endpoint, String profile, SecretRef accessKeyId,
      SecretRef secretAccessKey, SecretRef sessionToken, Duration timeout, int maxConnections) {}

  private Aws aws(JsonNode node, String path, int defaultMaxConnections) {
    Aws aws = new Aws(region(node, path), endpoint(node, path),
        r.string(node, path, "profile", null), r.secret(node, path, "access_key_id"),
        r.secret(node, path, "secret_access_key"), r.secret(node, path, "session_token"),
        r.duration(node, path, "timeout", defaultTimeout),
        r.integer(node, path, "max_connections", defaultMaxConnections, 1, Integer.MAX_VALUE));
    checkCredentialSources(node, path);
    return aws;
  }

  private ProviderSettings bedrock(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, BEDROCK_FIELDS);
    Aws aws = aws(node, path, BEDROCK_MAX_CONNECTIONS);
    SecretRef apiKey = r.secret(node, path, "api_key");
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.Bedrock(name, aws.region(), aws.endpoint(), aws.profile(),
        aws.accessKeyId(), aws.secretAccessKey(), aws.sessionToken(), apiKey, aws.timeout(),
        aws.maxConnections());
  }

  private ProviderSettings sageMaker(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, SAGEMAKER_FIELDS);
    Aws aws = aws(node, path, SAGEMAKER_MAX_CONNECTIONS);
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.SageMaker(name, aws.region(), aws.endpoint(), aws.profile(),
        aws.accessKeyId(), aws.secretAccessKey(), aws.sessionToken(), aws.timeout(),
        aws.maxConnections());
  }


  private ProviderSettings vertex(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, VERTEX_FIELDS);
    String project = project(node, path);
    String location = location(node, path);
    String endpoint = endpoint(node, path);
    SecretRef credentials = serviceAccountKey(node, path);
    SecretRef accessToken = r.secret(node, path, "access_token");
    if (TreeReader.has(node, "credentials") && TreeReader.has(node, "access_token")) {
      r.error(path, "at most one of credentials, access_token");
    }
    Duration timeout = r.duration(node, path, "timeout", defaultTimeout);
    int maxConnections = r.integer(node, path, "max_connections", VERTEX_MAX_CONNECTIONS, 1,
        Integer.MAX_VALUE);
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.Vertex(name, project, location, endpoint, credentials,
        accessToken, timeout, maxConnections);
  }

  private ProviderSettings huggingFace(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, HUGGINGFACE_FIELDS);
    String baseUrl = baseUrl(node, path, "must not have a query or fragment");
    SecretRef apiKey = r.secret(node, path, "api_key");
    Map<String, String> headers = r.stringMap(node, path, "headers");
    checkHeaders(headers, TreeReader.at(path, "headers"));
    Duration timeout = r.duration(node, path, "timeout", defaultTimeout);
    int maxConnections = r.integer(node, path, "max_connections", HUGGINGFACE_MAX_CONNECTIONS, 1,
        Integer.MAX_VALUE);
    Duration maxColdStartWait = r.duration(node, path, "max_cold_start_wait", null);
    Duration keepWarm = r.duration(node, path, "keep_warm", null);
    if (keepWarm != null && keepWarm.compareTo(MIN_KEEP_WARM) < 0) {
      r.error(TreeReader.at(path, "keep_warm"), "must be at least 1s");
    }
    if (r.errorCount() > mark) {
      return null;
    }
    ProviderSettings.HuggingFace settings = new ProviderSettings.HuggingFace(name, baseUrl, apiKey, headers, timeout,
        maxConnections, maxColdStartWait, keepWarm);
    if (settings.isRouter() && apiKey == null) {
      r.error(TreeReader.at(path, "api_key"), "required for the Inference Providers router ("
          + ProviderSettings.HuggingFace.ROUTER_HOST + "): a Hugging Face token");
      return null;
    }
    return settings;
  }

  private ProviderSettings triton(String name, JsonNode node, String path) {
    int mark = r.errorCount();
    r.object(node, path, TRITON_FIELDS);
    String baseUrl = baseUrl(node, path, "must not have a query or fragment");
    SecretRef apiKey = r.secret(node, path, "api_key");
    Map<String, String> headers = r.stringMap(node, path, "headers");
    checkHeaders(headers, TreeReader.at(path, "headers"));
    Duration timeout = r.duration(node, path, "timeout", defaultTimeout);
    int maxConnections = r.integer(node, path, "max_connections", TRITON_MAX_CONNECTIONS, 1,
        Integer.MAX_VALUE);
    if (r.errorCount() > mark) {
      return null;
    }
    return new ProviderSettings.Triton(name, baseUrl, apiKey, headers, timeout, maxConnections);
  }

  /** The required Google Cloud project: an id, or a project number (quoted or not). */
  private String project(JsonNode node, String path) {
    JsonNode value = TreeReader.present(node, "project");
    String project = value != null && value.isIntegralNumber()
        ? value.bigIntegerValue().toString() : r.requiredString(node, path, "project");
    if (project != null && !GCP_PROJECT_ID.matcher(project).matches()
        && !GCP_PROJECT_NUMBER.matcher(project).matches()) {
      r.error(TreeReader.at(path, "project"), "must be a Google Cloud project id (6 to 30"
          + " lowercase letters, digits and hyphens, starting with a letter and not ending with a"
          + " hyphen) or a project number");
      return null;
    }
    return project;
  }

  /** The required Vertex AI location: {@code global} or a region. */
  private String location(JsonNode node, String path) {
    String location = r.requiredString(node, path, "location");
    if (location != null && !GCP_LOCATION.matcher(location).matches()) {
      r.error(TreeReader.at(path, "location"),
          "must be global or a Google Cloud region like us-central1 or europe-west4 (not a zone)");
      return null;
    }
    return location;
  }

  /**
   * The optional service-account key: an {@code env:} or {@code file:} reference, read now to
   * check that it holds a service-account key JSON (never echoed).
   */
  private SecretRef serviceAccountKey(JsonNode node, String path) {
    SecretRef ref = r.secret(node, path, "credentials");
    if (ref == null) {
      return null;
    }
    String where = TreeReader.at(path, "credentials");
    if (ref.source() == SecretRef.Source.LITERAL) {
      r.error(where, "must be file:/path or env:NAME holding a service-account key JSON");
      return null;
    }
    String text = r.resolve(ref, where);
    if (text == null) {
      return null;
    }
    String problem = ServiceAccountKeys.problem(text);
    if (problem != null) {
      r.error(where, problem);
      return null;
    }
    return ref;
  }

  /**
   * The required AWS region. Without an {@code endpoint}, only regions whose endpoint Gantry
   * derives are accepted (the ISO and EU sovereign partitions use other domains).
   */
  private String region(JsonNode node, String path) {
    String region = r.requiredString(node, path, "region");
    if (region == null) {
      return null;
    }
    if (!AWS_REGION.matcher(region).matches()) {
      r.error(TreeReader.at(path, "region"),
          "must be an AWS region like us-east-1 or eu-central-2 (not an availability zone)");
      return null;
    }
    if (!DERIVABLE_REGION.matcher(region).matches() && !TreeReader.has(node, "endpoint")) {
      r.error(TreeReader.at(path, "endpoint"), "required for region " + region
          + " (endpoints are derived only in the aws, aws-cn and aws-us-gov partitions)");
    }
    return region;
  }

  /**
   * The optional endpoint override: an absolute https URL (http only for a loopback host) without
   * credentials, query or fragment; a trailing '/' is dropped.
   */
  private String endpoint(JsonNode node, String path) {
    String text = r.string(node, path, "endpoint", null);
    if (text == null) {
      return null;
    }
    String where = TreeReader.at(path, "endpoint");
    URI uri = httpUri(text);
    if (uri == null) {
      r.error(where, "must be an absolute https URL");
      return null;
    }
    if (uri.getScheme().equalsIgnoreCase("http")
        && (uri.getHost() == null || !ConfigBinder.isLoopback(uri.getHost()))) {
      r.error(where, "must use https (http only for a loopback host such as 127.0.0.1)");
      return null;
    }
    if (uri.getRawAuthority().contains("@")) {
      r.error(where, "must not contain credentials");
      return null;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      r.error(where, "must not have a query or fragment");
      return null;
    }
    return text.replaceAll("/+$", "");
  }

  /**
   * Static keys come as a pair, a session token only with them, and at most one of an API key,
   * static keys and a profile is set (none: AWS's default chain).
   */
  private void checkCredentialSources(JsonNode node, String path) {
    boolean keyId = TreeReader.has(node, "access_key_id");
    boolean secret = TreeReader.has(node, "secret_access_key");
    if (keyId && !secret) {
      r.error(TreeReader.at(path, "secret_access_key"), "required with access_key_id");
    }
    if (secret && !keyId) {
      r.error(TreeReader.at(path, "access_key_id"), "required with secret_access_key");
    }
    if (TreeReader.has(node, "session_token") && !(keyId && secret)) {
      r.error(TreeReader.at(path, "session_token"),
          "needs access_key_id and secret_access_key");
    }
    int sources = (TreeReader.has(node, "api_key") ? 1 : 0) + (keyId || secret ? 1 : 0)
        + (TreeReader.has(node, "profile") ? 1 : 0);
    if (sources > 1) {
      r.error(path, "at most one of api_key, access_key_id + secret_access_key, profile");
    }
  }

  /** Required absolute http(s) URL without credentials, query or fragment; trailing '/' dropped. */
  private String baseUrl(JsonNode node, String path) {
    return baseUrl(node, path, "must not have a query or fragment (use query_params)");
  }

  /** As {@link #baseUrl(JsonNode, String)}, with the message for a URL that has a query. */
  private String baseUrl(JsonNode node, String path, String queryMessage) {
    String text = r.requiredString(node, path, "base_url");
    if (text == null) {
      return null;
    }
    String where = TreeReader.at(path, "base_url");
    URI uri = httpUri(text);
    if (uri == null) {
      r.error(where, "must be an absolute http(s) URL");
      return null;
    }
    if (uri.getRawAuthority().contains("@")) {
      r.error(where, "must not contain credentials (use api_key)");
      return null;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      r.error(where, queryMessage);
      return null;
    }
    return text.replaceAll("/+$", "");
  }

  /** The text as a URI if it is an absolute http or https URL with an authority, else null. */
  private static URI httpUri(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority();
    if (!(scheme.equals("http") || scheme.equals("https")) || authority == null
        || authority.isEmpty()) {
      return null;
    }
    return uri;
  }

  /** Ollama's keep_alive as the Go duration string Ollama parses; integers are seconds. */
  private String keepAlive(JsonNode node, String path) {
    JsonNode value = TreeReader.present(node, "keep_alive");
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue() + "s";
    }
    if (value.isTextual() && GO_DURATION.matcher(value.textValue()).matches()) {
      return value.textValue();
    }
    r.error(TreeReader.at(path, "keep_alive"),
        "must be a duration like 5m or 24h, or seconds as an integer (-1 keeps the model loaded)");
    return null;
  }

  private void checkHeaders(Map<String, String> headers, String path) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String where = TreeReader.at(path, e.getKey());
      checkHeaderName(e.getKey(), where);
      if (hasControlCharacter(e.getValue())) {
        r.error(where, "must not contain control characters");
      }
    }
  }

  private void checkHeaderName(String name, String where) {
    if (name != null && !HEADER_NAME.matcher(name).matches()) {
      r.error(where, "not a valid header name");
    }
  }

  private static boolean hasControlCharacter(String value) {
    return value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
  }
}
