package dev.gantry.sdk;

import dev.gantry.sdk.admin.AdminService;
import dev.gantry.sdk.chat.ChatService;
import dev.gantry.sdk.embeddings.EmbeddingService;
import dev.gantry.sdk.files.FileService;
import dev.gantry.sdk.finetuning.FineTuningService;
import dev.gantry.sdk.images.ImageService;
import dev.gantry.sdk.internal.Checks;
import dev.gantry.sdk.internal.Transport;
import dev.gantry.sdk.models.ModelService;
import dev.gantry.sdk.models.TokenizeService;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client for Gantry (and, for the OpenAI parts, any OpenAI-compatible server). Immutable and
 * thread-safe: build one per server and share it.
 *
 * <pre>{@code
 * GantryClient client = GantryClient.builder()
 *     .baseUrl("http://localhost:8080")       // the server root; paths add /v1/...
 *     .apiKey(System.getenv("GANTRY_API_KEY"))
 *     .build();
 * ChatCompletion c = client.chat().create(ChatCompletionRequest.builder()
 *     .model("fast").addMessage(ChatMessage.user("Hello")).build());
 * }</pre>
 *
 * <p>{@link #toString()} shows the base URL and settings, never the key.
 */
public final class GantryClient implements AutoCloseable {
  private final String baseUrl;
  private final boolean hasKey;
  private final Duration timeout;
  private final int maxRetries;
  private final ExecutorService ownExecutor;
  private final ChatService chat;
  private final EmbeddingService embeddings;
  private final ModelService models;
  private final TokenizeService tokenize;
  private final FileService files;
  private final FineTuningService fineTuning;
  private final ImageService images;
  private final AdminService admin;

  private GantryClient(Builder b) {
    this.baseUrl = b.baseUrl;
    this.hasKey = b.apiKey != null;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.ownExecutor = Executors.newCachedThreadPool(daemonThreads());
    HttpClient http = b.httpClient != null ? b.httpClient
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout).executor(ownExecutor).build();
    Transport transport = new Transport(http, b.baseUrl, b.apiKey, b.timeout, b.maxRetries,
        b.retryPolicy, ownExecutor);
    this.chat = new ChatService(transport);
    this.embeddings = new EmbeddingService(transport);
    this.models = new ModelService(transport);
    this.tokenize = new TokenizeService(transport);
    this.files = new FileService(transport);
    this.fineTuning = new FineTuningService(transport, b.pollInterval);
    this.images = new ImageService(transport);
    this.admin = new AdminService(transport);
  }

  /** A builder; {@link Builder#baseUrl(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client from the environment: {@code GANTRY_BASE_URL} (default
   * {@code http://localhost:8080}) and {@code GANTRY_API_KEY} (optional).
   */
  public static GantryClient fromEnv() {
    Builder b = builder().baseUrl(
        Objects.requireNonNullElse(System.getenv("GANTRY_BASE_URL"), "http://localhost:8080"));
    String key = System.getenv("GANTRY_API_KEY");
    if (key != null && !key.isBlank()) {
      b.apiKey(key);
    }
    return b.build();
  }

  /** Chat completions: {@code POST /v1/chat/completions}, blocking, async and streaming. */
  public ChatService chat() {
    return chat;
  }

  /** Embeddings: {@code POST /v1/embeddings}. */
  public EmbeddingService embeddings() {
    return embeddings;
  }

  /** Models: {@code GET /v1/models}, {@code GET /v1/models/{id}}. */
  public ModelService models() {
    return models;
  }

  /** Token counts: {@code POST /gantry/v1/tokenize} (Gantry only). */
  public TokenizeService tokenize() {
    return tokenize;
  }

  /** Files: {@code /v1/files} (streamed multipart uploads for fine-tuning). */
  public FileService files() {
    return files;
  }

  /** Fine-tuning jobs: {@code /v1/fine_tuning/jobs}, with pages and {@code awaitCompletion}. */
  public FineTuningService fineTuning() {
    return fineTuning;
  }

  /** Image generation: {@code POST /v1/images/generations}. */
  public ImageService images() {
    return images;
  }

  /** Gantry's admin API ({@code /admin/v1/...}; the client's key must be an admin key). */
  public AdminService admin() {
    return admin;
  }

  /** Stops the client's own threads (idle ones end by themselves; calling this is optional). */
  @Override
  public void close() {
    ownExecutor.shutdown();
  }

  @Override
  public String toString() {
    return "GantryClient[baseUrl=" + baseUrl + ", apiKey=" + (hasKey ? "***" : "none")
        + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "gantry-sdk-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link GantryClient}; fails fast on invalid values. */
  public static final class Builder {
    private String baseUrl;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxRetries = 2;
    private HttpClient httpClient;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration pollInterval = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * The server root, {@code http(s)://host[:port][/prefix]}; API paths ({@code /v1/...}) are
     * added. An OpenAI-style base URL ending in {@code /v1} is accepted too (the {@code /v1} is
     * dropped), so the URL other OpenAI clients use works here.
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI uri = URI.create(baseUrl);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
      }
      String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      this.baseUrl = root.endsWith("/v1") ? root.substring(0, root.length() - 3) : root;
      return this;
    }

    /** The API key, sent as {@code Authorization: Bearer}; never printed. */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * The default time an attempt may wait for the answer's headers, and a stream or download
     * for each next piece of its body (60 s).
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** The time to connect (10 s); ignored with {@link #httpClient(HttpClient)}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Checks.positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How many times a retryable failure is retried (2); 0 disables retries. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** A JDK client to use instead of the client's own (proxies, TLS, HTTP/2 settings). */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The backoff between retries ({@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * The wait between polls of pollers such as fine-tuning's {@code awaitCompletion} (2 s);
     * waited with the {@link RetryPolicy}'s sleeper.
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /** The client. */
    public GantryClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required");
      }
      return new GantryClient(this);
    }

    @Override
    public String toString() {
      return "GantryClient.Builder[baseUrl=" + baseUrl + ", apiKey="
          + (apiKey == null ? "none" : "***") + "]";
    }
  }
}
