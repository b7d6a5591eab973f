package dev.gantry.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One configured provider, by type. New provider: a record here plus a {@link ProviderType}. */
public sealed interface ProviderSettings {

  /** The name this provider has in the config ({@code providers.<name>}). */
  String name();

  ProviderType type();

  /** How long a call may take unless its deployment says otherwise; null for no own limit. */
  default Duration timeout() {
    return null;
  }

  private static String redacted(Map<String, String> values) {
    return new TreeMap<>(values).keySet().stream().map(k -> k + "=***")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /**
   * An OpenAI-compatible server.
   *
   * @param baseUrl up to and including {@code /v1}, e.g. {@code http://10.0.0.5:8000/v1}
   * @param apiKey sent in {@code authHeader}; null for servers without auth
   * @param authHeader {@code Authorization} (sent as {@code Bearer <key>}) or another header name
   *     (the key sent bare, e.g. Azure's {@code api-key})
   * @param headers extra headers sent on every call
   * @param queryParams extra query parameters (Azure's {@code api-version})
   * @param timeout the default per-call timeout
   * @param maxConnections the connection pool size for this provider
   */
  record OpenAi(String name, String baseUrl, SecretRef apiKey, String authHeader,
      Map<String, String> headers, Map<String, String> queryParams, Duration timeout,
      int maxConnections) implements ProviderSettings {
    public OpenAi {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(baseUrl, "baseUrl");
      authHeader = authHeader == null ? "Authorization" : authHeader;
      headers = Map.copyOf(headers == null ? Map.of() : headers);
      queryParams = Map.copyOf(queryParams == null ? Map.of() : queryParams);
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    }

    @Override
    public ProviderType type() {
      return ProviderType.OPENAI;
    }

    /** Header and query values may be credentials, so only their names are printed. */
    @Override
    public String toString() {
      return "OpenAi[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey
          + ", authHeader=" + authHeader + ", headers=" + redacted(headers) + ", queryParams="
          + redacted(queryParams) + ", timeout=" + timeout + ", maxConnections=" + maxConnections
          + "]";
    }
  }

  /**
   * An Ollama server's native API.
   *
   * @param baseUrl e.g. {@code http://127.0.0.1:11434}
   * @param keepAlive Ollama's {@code keep_alive} (how long the model stays loaded), or null
   */
  record Ollama(String name, String baseUrl, String keepAlive, Duration timeout, int maxConnections)
      implements ProviderSettings {
    public Ollama {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(baseUrl, "baseUrl");
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    }

    @Override
    public ProviderType type() {
      return ProviderType.OLLAMA;
    }
  }

  /**
   * An NVIDIA Triton Inference Server (or another server of the KServe Open Inference Protocol v2).
   *
   * @param baseUrl the HTTP endpoint, without a path, e.g. {@code http://10.0.0.7:8000}
   * @param apiKey sent as {@code Authorization: Bearer <key>}, for servers behind an
   *     authenticating proxy; null for none (Triton itself has no API keys)
   * @param headers extra headers sent on every call
   */
  record Triton(String name, String baseUrl, SecretRef apiKey, Map<String, String> headers,
      Duration timeout, int maxConnections) implements ProviderSettings {
    public Triton {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(baseUrl, "baseUrl");
      headers = Map.copyOf(headers == null ? Map.of() : headers);
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    }

    @Override
    public ProviderType type() {
      return ProviderType.TRITON;
    }

    /** Header values may be credentials, so only their names are printed. */
    @Override
    public String toString() {
      return "Triton[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey + ", headers="
          + redacted(headers) + ", timeout=" + timeout + ", maxConnections=" + maxConnections + "]";
    }
  }

  /**
   * Models run inside the gateway.
   *
   * @param threads worker threads for inference (the {@code gantry-local} pool)
   * @param maxBatch the most inputs encoded in one ONNX run
   */
  record Local(String name, int threads, int maxBatch) implements ProviderSettings {
    public Local {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public ProviderType type() {
      return ProviderType.LOCAL;
    }
  }

  /**
   * Amazon Bedrock Runtime in one region. Credentials, in order: an API key (sent as
   * {@code Authorization: Bearer}), static keys ({@code accessKeyId} + {@code secretAccessKey},
   * optionally {@code sessionToken}), a named {@code profile} of the shared AWS files, else AWS's
   * default chain (environment, shared files, container and instance roles).
   *
   * @param endpoint overrides {@code https://bedrock-runtime.<region>.amazonaws.com} (VPC or FIPS
   *     endpoints, tests), or null
   * @param profile a named profile of {@code ~/.aws/credentials} / {@code ~/.aws/config}, or null
   * @param accessKeyId static credentials, or null
   * @param secretAccessKey with {@code accessKeyId}, else null
   * @param sessionToken with temporary static credentials, else null
   * @param apiKey a Bedrock API key, or null
   */
  record Bedrock(String name, String region, String endpoint, String profile,
      SecretRef accessKeyId, SecretRef secretAccessKey, SecretRef sessionToken, SecretRef apiKey,
      Duration timeout, int maxConnections) implements ProviderSettings {
    public Bedrock {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(region, "region");
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    }

    @Override
    public ProviderType type() {
      return ProviderType.BEDROCK;
    }

    /** The runtime endpoint: the configured one, else the region's public endpoint. */
    public String endpointUrl() {
      if (endpoint != null) {
        return endpoint;
      }
      return "https://bedrock-runtime." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "");
    }
  }

  /**
   * Amazon SageMaker Runtime in one region: real-time endpoints hosting Hugging Face containers
   * (TGI, LMI), called through {@code InvokeEndpoint} and {@code InvokeEndpointWithResponseStream}.
   * Credentials as for Bedrock, without API keys: static keys, a named {@code profile}, else AWS's
   * default chain.
   *
   * @param endpoint overrides {@code https://runtime.sagemaker.<region>.amazonaws.com} (VPC
   *     endpoints, tests), or null
   */
  record SageMaker(String name, String region, String endpoint, String profile,
      SecretRef accessKeyId, SecretRef secretAccessKey, SecretRef sessionToken, Duration timeout,
      int maxConnections) implements ProviderSettings {
    public SageMaker {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(region, "region");
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    }

    @Override
    public ProviderType type() {
      return ProviderType.SAGEMAKER;
    }

    /** The runtime endpoint: the configured one, else the region's public endpoint. */
    public String endpointUrl() {
      if (endpoint != null) {
        return endpoint;
      }
      return "https://runtime.sagemaker." + region + ".amazonaws.com"
          + (region.startsWith("cn-") ? ".cn" : "");
    }
  }

  /**
   * Google Vertex AI in one project and location. Credentials, in order: a static
   * {@code accessToken} (tests), a service-account key ({@code credentials}: the JSON itself, read
   * from {@code file:} or {@code env:}), else Application Default Credentials.
   *
   * @param location a region such as {@code us-central1}, or {@code global}
   * @param endpoint overrides the host ({@code https://<location>-aiplatform.googleapis.com}, or
   *     {@code https://aiplatform.googleapis.com} for {@code global}), e.g. for tests; or null
   * @param credentials a service-account key JSON, or null
   * @param accessToken a fixed OAuth access token, or null
   */
  record Vertex(String name, String project, String location, String endpoint,
      SecretRef credentials, SecretRef accessToken, Duration timeout, int maxConnections)
      implements ProviderSettings {
    public Vertex {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(location, "location");
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    }

    @Override
    public ProviderType type() {
      return ProviderType.VERTEX;
    }

    /** The API host: the configured endpoint, else the location's (global has no prefix). */
    public String baseUrl() {
      if (endpoint != null) {
        return endpoint;
      }
      return "global".equals(location) ? "https://aiplatform.googleapis.com"
          : "https://" + location + "-aiplatform.googleapis.com";
    }

    /** {@code <baseUrl>/v1/projects/<project>/locations/<location>}. */
    public String locationUrl() {
      return locationUrl(baseUrl());
    }

    /**
     * {@code <host>/v1/projects/<project>/locations/<location>}, for another host of the same
     * project and location (a dedicated endpoint's own DNS name).
     */
    public String locationUrl(String host) {
      String base = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
      return base + "/v1/projects/" + project + "/locations/" + location;
    }
  }

  /**
   * A Hugging Face server: a TGI (text generation) or TEI (embeddings) server, an Inference
   * Endpoint (dedicated, possibly scaled to zero), or the Inference Providers router.
   *
   * @param baseUrl the server's root ({@code http://10.0.0.7:8080},
   *     {@code https://xyz.us-east-1.aws.endpoints.huggingface.cloud}), or an OpenAI-compatible
   *     base ending in {@code /v1} ({@code https://router.huggingface.co/v1}); see
   *     {@link #rootUrl()}
   * @param apiKey a Hugging Face token ({@code hf_...}) sent as {@code Authorization: Bearer}, or
   *     null for a server without auth (a public endpoint, a local TGI)
   * @param headers extra headers sent on every call
   * @param maxColdStartWait the longest single wait before calling again an endpoint that answers
   *     503 while it starts (scale-to-zero); the request's deadline bounds the whole
   * @param keepWarm how often to call {@code GET /health} so a scale-to-zero endpoint stays up,
   *     or null (the default) for never
   */
  record HuggingFace(String name, String baseUrl, SecretRef apiKey, Map<String, String> headers,
      Duration timeout, int maxConnections, Duration maxColdStartWait, Duration keepWarm)
      implements ProviderSettings {

    /** The host of the Inference Providers router. */
    public static final String ROUTER_HOST = "router.huggingface.co";

    public HuggingFace {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(baseUrl, "baseUrl");
      headers = Map.copyOf(headers == null ? Map.of() : headers);
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
      maxColdStartWait = maxColdStartWait == null ? Duration.ofSeconds(30) : maxColdStartWait;
    }

    @Override
    public ProviderType type() {
      return ProviderType.HUGGINGFACE;
    }

    /**
     * The server's root, where TGI's and TEI's own routes live ({@code /info}, {@code /health},
     * {@code /embed}, {@code /generate}): the base URL without a trailing {@code /v1}.
     */
    public String rootUrl() {
      String url = baseUrl.replaceAll("/+$", "");
      return url.endsWith("/v1") ? url.substring(0, url.length() - 3) : url;
    }

    /** The OpenAI-compatible base: {@code <root>/v1} (TGI's Messages API, TEI's, the router's). */
    public String openAiUrl() {
      return rootUrl() + "/v1";
    }

    /** True when the base URL is the Inference Providers router (which has no {@code /info}). */
    public boolean isRouter() {
      try {
        return ROUTER_HOST.equalsIgnoreCase(URI.create(baseUrl).getHost());
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    /** Header values may be credentials, so only their names are printed. */
    @Override
    public String toString() {
      return "HuggingFace[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey
          + ", headers=" + redacted(headers) + ", timeout=" + timeout + ", maxConnections="
          + maxConnections + ", maxColdStartWait=" + maxColdStartWait + ", keepWarm=" + keepWarm
          + "]";
    }
  }
}
