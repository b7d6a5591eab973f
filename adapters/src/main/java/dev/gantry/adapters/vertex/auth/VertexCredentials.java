package dev.gantry.adapters.vertex.auth;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.auth.Refreshing;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Where one Vertex AI provider's OAuth access token comes from, in the order of
 * {@link ProviderSettings.Vertex}: its static {@code accessToken}; its {@code credentials}, the
 * text of a service-account JSON key; else Google's Application Default Credentials
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's application-default file, the metadata server).
 *
 * <p>{@link #accessToken()} never blocks: a static token is resolved (from its {@link SecretRef})
 * when this is created; otherwise tokens are minted by google-auth on the {@value #POOL} worker
 * pool, cached and refreshed 5 minutes ahead of expiry (see {@link Refreshing}). A failure is
 * an {@link dev.gantry.adapters.spi.ErrorKind#UPSTREAM_ERROR} "no Google credentials available
 * (checked: ...)", never showing key or token material.
 */
public final class VertexCredentials {

  /** The worker pool (shared by name) on which google-auth mints tokens. */
  public static final String POOL = "gantry-gcp";
  /** The OAuth scope Vertex AI needs. */
  public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  static final int POOL_SIZE = 2;
  private static final String ADC_CHAIN = "GOOGLE_APPLICATION_CREDENTIALS, the gcloud"
      + " application-default credentials file, the Google Cloud metadata server";

  private final Future<String> fixed;
  private final Refreshing<String> refreshing;
  private final String source;

  private VertexCredentials(Future<String> fixed, Refreshing<String> refreshing, String source) {
    this.fixed = fixed;
    this.refreshing = refreshing;
    this.source = source;
  }

  /**
   * The credentials a provider's settings call for. This reads {@code file:} secrets and parses a
   * service-account key, so call it when the adapter is built, not per request.
   *
   * @param env where {@code env:} secrets are read (ADC reads the process environment itself)
   * @throws IllegalStateException when a configured secret cannot be read (naming the variable or
   *     file, never a value), is not a service-account JSON key, or both secrets are set
   */
  public static VertexCredentials create(Vertx vertx, ProviderSettings.Vertex settings,
      Map<String, String> env) {
    String name = settings.name();
    if (settings.accessToken() != null && settings.credentials() != null) {
      throw new IllegalStateException("Vertex provider " + name
          + ": set credentials or accessToken, not both");
    }
    if (settings.accessToken() != null) {
      return fixed(secret(settings.accessToken(), env, name, "accessToken").strip(),
          "accessToken");
    }
    Clock clock = Clock.systemUTC();
    if (settings.credentials() != null) {
      String described = settings.credentials().describe();
      GoogleCredentials key = serviceAccount(
          secret(settings.credentials(), env, name, "credentials"), name);
      return refreshing(vertx, () -> key, clock, "service account " + described,
          "the service-account key in `credentials` (" + described + ")");
    }
    return refreshing(vertx, () -> scoped(GoogleCredentials.getApplicationDefault()), clock,
        "application default credentials", ADC_CHAIN);
  }

  /** A token that never changes (tests, or a token held elsewhere); no worker pool. */
  public static VertexCredentials fixed(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("a Google access token must not be blank");
    }
    return fixed(token, "fixed");
  }

  /**
   * Tokens from any google-auth credentials (scoped to {@value #SCOPE} when they need a scope),
   * minted on the {@value #POOL} pool and refreshed as {@code clock} says.
   */
  public static VertexCredentials fromGoogle(Vertx vertx, GoogleCredentials credentials,
      Clock clock) {
    Objects.requireNonNull(credentials, "credentials");
    GoogleCredentials scoped = scoped(credentials);
    return refreshing(vertx, () -> scoped, clock, credentials.getClass().getSimpleName(),
        "the configured Google credentials");
  }

  /** The bearer token to use now; never blocks, and completes at once when cached. */
  public Future<String> accessToken() {
    return fixed != null ? fixed : refreshing.current();
  }

  /** Where the token comes from (e.g. {@code accessToken}, {@code service account ...}), for logs. */
  public String source() {
    return source;
  }

  /** Releases the worker pool; a no-op for a fixed token. */
  public Future<Void> close() {
    return refreshing == null ? Future.succeededFuture() : refreshing.close();
  }

  /** The request with {@code authorization: Bearer <token>}, replacing any earlier one. */
  public static ProviderHttpRequest authorize(ProviderHttpRequest request, String token) {
    Objects.requireNonNull(token, "token");
    return request.withHeader("authorization", "Bearer " + token);
  }

  private static VertexCredentials fixed(String token, String source) {
    return new VertexCredentials(Future.succeededFuture(token), null, source);
  }

  private static VertexCredentials refreshing(Vertx vertx, Callable<GoogleCredentials> factory,
      Clock clock, String source, String checked) {
    Objects.requireNonNull(clock, "clock");
    return new VertexCredentials(null, new Refreshing<>(
        vertx.createSharedWorkerExecutor(POOL, POOL_SIZE), new GoogleTokenSource(factory, clock), clock,
        "google credentials source=" + source,
        "no Google credentials available (checked: " + checked + ")."), source);
  }

  private static GoogleCredentials scoped(GoogleCredentials credentials) {
    return credentials.createScopedRequired() ? credentials.createScoped(List.of(SCOPE))
        : credentials;
  }

  /** Parses the key (no I/O: its token_uri is only called when a token is minted). */
  private static GoogleCredentials serviceAccount(String json, String provider) {
    try {
      return scoped(ServiceAccountCredentials.fromStream(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    } catch (IOException | RuntimeException e) {
      // google-auth's parse errors may quote the input, so only the kind of failure is shown
      throw new IllegalStateException("Vertex provider " + provider
          + ", credentials: not a service-account JSON key (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  private static String secret(SecretRef ref, Map<String, String> env, String provider,
      String field) {
    try {
      return ref.resolve(env);
    } catch (IllegalStateException e) {
      // SecretRef's message names the variable or file, never the value
      throw new IllegalStateException("Vertex provider " + provider + ", " + field + ": "
          + e.getMessage(), e);
    }
  }
}
