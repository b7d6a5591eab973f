package dev.gantry.adapters.vertex.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.testing.MutableClock;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VertexCredentialsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String EMAIL = "gantry@test-project.iam.gserviceaccount.com";

  private static KeyPair key;
  private static KeyPair otherKey;

  private final List<String> mintThreads = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void keys() throws NoSuchAlgorithmException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    key = rsa.generateKeyPair();
    otherKey = rsa.generateKeyPair();
  }

  @Test
  void create_serviceAccountKey_mintsVerifiedJwtGrantWithCloudPlatformScope(Vertx vertx)
      throws Exception {
    FakeTokenEndpoint fake = fake(vertx, key, 3600);
    VertexCredentials credentials = VertexCredentials.create(vertx,
        settings(SecretRef.parse("env:SA_JSON"), null), Map.of("SA_JSON", keyJson(fake)));

    assertThat(await(credentials.accessToken())).isEqualTo("ya29.test-1");

    JsonObject claims = fake.claims().get(0);
    assertThat(claims.getString("iss")).isEqualTo(EMAIL);
    assertThat(claims.getString("scope")).isEqualTo(VertexCredentials.SCOPE);
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isPositive();
    assertThat(credentials.source()).isEqualTo("service account env:SA_JSON");
    await(credentials.close());
  }

  @Test
  void accessToken_firstCall_mintsOnTheGcpWorkerThenServesTheCachedTokenAtOnce(Vertx vertx)
      throws Exception {
    FakeTokenEndpoint fake = fake(vertx, key, 3600);
    VertexCredentials credentials = VertexCredentials.fromGoogle(vertx, account(fake),
        new MutableClock(T0));

    assertThat(await(credentials.accessToken())).isEqualTo("ya29.test-1");
    Future<String> second = credentials.accessToken();

    assertThat(mintThreads).hasSize(1);
    assertThat(mintThreads.get(0)).startsWith(VertexCredentials.POOL);
    assertThat(second.isComplete()).isTrue();
    assertThat(second.result()).isEqualTo("ya29.test-1");
    assertThat(fake.minted()).isEqualTo(1);
  }

  @Test
  void accessToken_withinFiveMinutesOfExpiry_servesTheOldTokenAndRefreshesInBackground(
      Vertx vertx) throws Exception {
    FakeTokenEndpoint fake = fake(vertx, key, 3600);
    MutableClock clock = new MutableClock(T0);
    VertexCredentials credentials = VertexCredentials.fromGoogle(vertx, account(fake), clock);
    assertThat(await(credentials.accessToken())).isEqualTo("ya29.test-1");

    clock.advance(Duration.ofMinutes(54));
    Future<String> beforeWindow = credentials.accessToken();
    clock.advance(Duration.ofMinutes(1).plusSeconds(5));
    Future<String> inWindow = credentials.accessToken();

    assertThat(beforeWindow.result()).isEqualTo("ya29.test-1");
    assertThat(inWindow.isComplete()).isTrue();
    assertThat(inWindow.result()).isEqualTo("ya29.test-1");
    // past expiry minus 30 s, calls wait for the refresh that call started
    clock.advance(Duration.ofMinutes(4).plusSeconds(30));
    assertThat(await(credentials.accessToken())).isEqualTo("ya29.test-2");
    assertThat(fake.minted()).isEqualTo(2);
    assertThat(mintThreads).allMatch(name -> name.startsWith(VertexCredentials.POOL));
  }

  @Test
  void accessToken_concurrentCallersOnTwoContexts_shareOneMintAndResumeOnTheirOwnContext(
      Vertx vertx, VertxTestContext test) throws Exception {
    FakeTokenEndpoint fake = fake(vertx, key, 3600);
    VertexCredentials credentials = VertexCredentials.fromGoogle(vertx, account(fake),
        new MutableClock(T0));
    Checkpoint done = test.checkpoint(2);
    for (Context context : List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext())) {
      context.runOnContext(v -> credentials.accessToken().onComplete(test.succeeding(token ->
          test.verify(() -> {
            assertThat(token).isEqualTo("ya29.test-1");
            assertThat(Vertx.currentContext()).isSameAs(context);
            assertThat(fake.minted()).isEqualTo(1);
            done.flag();
          }))));
    }
  }

  @Test
  void accessToken_signatureTheEndpointRejects_isUpstreamErrorCachedForTenSeconds(Vertx vertx)
      throws Exception {
    FakeTokenEndpoint fake = fake(vertx, otherKey, 3600);
    MutableClock clock = new MutableClock(T0);
    VertexCredentials credentials = VertexCredentials.fromGoogle(vertx, account(fake), clock);

    GatewayException failure = failure(credentials.accessToken());
    Future<String> again = credentials.accessToken();
    clock.advance(Duration.ofSeconds(10));
    GatewayException retried = failure(credentials.accessToken());

    assertThat(failure.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(failure).hasMessage(
        "no Google credentials available (checked: the configured Google credentials).");
    assertThat(again.failed()).isTrue();
    assertThat(retried.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(mintThreads).hasSize(2);
    assertThat(fake.minted()).isZero();
  }

  @Test
  void create_noSecretsAndNoApplicationDefaultCredentials_failsNamingWhereItLooked(Vertx vertx)
      throws Exception {
    String home = System.getProperty("user.home");
    assumeTrue(System.getenv("GOOGLE_APPLICATION_CREDENTIALS") == null
        && System.getenv("CLOUDSDK_CONFIG") == null
        && !Files.exists(Path.of(home, ".config", "gcloud",
            "application_default_credentials.json")), "this machine has ADC configured");
    Path product = Path.of("/sys/class/dmi/id/product_name");
    assumeTrue(!Files.isReadable(product) || !Files.readString(product).contains("Google"),
        "this machine is a Google Cloud VM");
    VertexCredentials credentials = VertexCredentials.create(vertx, settings(null, null),
        Map.of());

    GatewayException failure = failure(credentials.accessToken());

    assertThat(failure.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(failure).hasMessage("no Google credentials available (checked:"
        + " GOOGLE_APPLICATION_CREDENTIALS, the gcloud application-default credentials file,"
        + " the Google Cloud metadata server).");
    assertThat(credentials.source()).isEqualTo("application default credentials");
    await(credentials.close());
  }

  @Test
  void create_staticAccessToken_isServedAtOnceWithoutAWorker(Vertx vertx) {
    VertexCredentials credentials = VertexCredentials.create(vertx,
        settings(null, SecretRef.parse("env:GCP_TOKEN")), Map.of("GCP_TOKEN", "ya29.static\n"));

    Future<String> token = credentials.accessToken();

    assertThat(token.result()).isEqualTo("ya29.static");
    assertThat(credentials.source()).isEqualTo("accessToken");
    assertThat(credentials.close().succeeded()).isTrue();
  }

  @Test
  void fixed_token_isServedAtOnce() {
    assertThat(VertexCredentials.fixed("ya29.fixed").accessToken().result())
        .isEqualTo("ya29.fixed");
    assertThatThrownBy(() -> VertexCredentials.fixed(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a Google access token must not be blank");
  }

  @Test
  void create_tokenVariableMissing_namesTheVariableOnly(Vertx vertx) {
    ProviderSettings.Vertex settings = settings(null, SecretRef.parse("env:GCP_TOKEN"));

    assertThatThrownBy(() -> VertexCredentials.create(vertx, settings, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Vertex provider vertex, accessToken: environment variable GCP_TOKEN is not"
            + " set");
  }

  @Test
  void create_credentialsNotAServiceAccountKey_failsWithoutQuotingThem(Vertx vertx) {
    ProviderSettings.Vertex settings = settings(
        SecretRef.literal("{\"type\":\"service_account\",\"private_key\":\"very-secret\"}"),
        null);

    assertThatThrownBy(() -> VertexCredentials.create(vertx, settings, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Vertex provider vertex, credentials: not a service-account JSON key"
            + " (IOException)");
  }

  @Test
  void create_credentialsAndAccessToken_isRejected(Vertx vertx) {
    ProviderSettings.Vertex settings = settings(SecretRef.literal("{}"),
        SecretRef.literal("ya29.x"));

    assertThatThrownBy(() -> VertexCredentials.create(vertx, settings, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Vertex provider vertex: set credentials or accessToken, not both");
  }

  @Test
  void authorize_request_setsTheBearerHeaderReplacingAnEarlierOne() {
    ProviderHttpRequest request = ProviderHttpRequest.postJson("https://x.test/v1",
        Map.of("authorization", "Bearer old"), Buffer.buffer("{}"));

    ProviderHttpRequest authorized = VertexCredentials.authorize(request, "ya29.new");

    assertThat(authorized.headers()).containsEntry("authorization", "Bearer ya29.new")
        .containsEntry("content-type", "application/json").hasSize(2);
    assertThat(authorized.body().toString()).isEqualTo("{}");
    assertThat(request.headers()).containsEntry("authorization", "Bearer old");
  }

  private FakeTokenEndpoint fake(Vertx vertx, KeyPair verifying, long expiresIn) {
    return new FakeTokenEndpoint(verifying.getPublic(), EMAIL, VertexCredentials.SCOPE, expiresIn)
        .start(vertx);
  }

  /** The key signed with {@link #key}, minting through a transport that notes its thread. */
  private GoogleCredentials account(FakeTokenEndpoint fake) throws IOException {
    HttpTransportFactory recording = () -> {
      mintThreads.add(Thread.currentThread().getName());
      return new NetHttpTransport();
    };
    return ServiceAccountCredentials.fromStream(
        new ByteArrayInputStream(keyJson(fake).getBytes(StandardCharsets.UTF_8)), recording);
  }

  private static String keyJson(FakeTokenEndpoint fake) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return new JsonObject().put("type", "service_account").put("project_id", "test-project")
        .put("private_key_id", "0123456789abcdef").put("private_key", pem)
        .put("client_email", EMAIL).put("client_id", "1234567890")
        .put("token_uri", fake.tokenUri()).encodePrettily();
  }

  private static ProviderSettings.Vertex settings(SecretRef credentials, SecretRef accessToken) {
    return new ProviderSettings.Vertex("vertex", "test-project", "us-central1", null,
        credentials, accessToken, null, 8);
  }

  private static <T> T await(Future<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static GatewayException failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return (GatewayException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
