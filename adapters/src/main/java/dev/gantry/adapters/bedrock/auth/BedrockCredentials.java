package dev.gantry.adapters.bedrock.auth;

import dev.gantry.adapters.auth.Refreshing;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where one Bedrock provider's credentials come from, in the order of
 * {@link ProviderSettings.Bedrock}: its {@code apiKey} (bearer); its static {@code accessKeyId} +
 * {@code secretAccessKey} (+ {@code sessionToken}); its named {@code profile} of the shared AWS
 * files; else, like the AWS SDKs, a Bedrock API key in {@code AWS_BEARER_TOKEN_BEDROCK}; else AWS's
 * default chain (system properties, environment, web identity, the shared files' default profile,
 * container and instance roles). A SageMaker provider's come from the same places, but never from
 * a Bedrock API key (SageMaker Runtime takes SigV4 only).
 *
 * <p>{@link #current()} never blocks: an API key and static keys are resolved (from their
 * {@link SecretRef}s) when this is created, and a profile or the default chain on the
 * {@value #POOL} worker pool, cached and refreshed ahead of expiry (see
 * {@link Refreshing}). A failure is a {@link dev.gantry.adapters.spi.ErrorKind#UPSTREAM_ERROR}
 * "no AWS credentials found (checked: ...)", never showing key material.
 */
public final class BedrockCredentials {

  /** The worker pool (shared by name) on which AWS credential providers run. */
  public static final String POOL = "gantry-aws";
  /** The AWS SDKs' variable for a Bedrock API key. */
  public static final String BEARER_TOKEN_VARIABLE = "AWS_BEARER_TOKEN_BEDROCK";

  static final int POOL_SIZE = 2;
  private static final String DEFAULT_CHAIN = "Java system properties, environment variables,"
      + " web identity token, the shared AWS config and credentials files, container credentials,"
      + " EC2 instance metadata";

  private final Future<BedrockAuth> fixed;
  private final Refreshing<BedrockAuth> refreshing;
  private final String source;

  private BedrockCredentials(Future<BedrockAuth> fixed, Refreshing<BedrockAuth> refreshing,
      String source) {
    this.fixed = fixed;
    this.refreshing = refreshing;
    this.source = source;
  }

  /**
   * The credentials a provider's settings call for. Like the other adapters' constructors, this
   * reads {@code file:} secrets, so call it when the adapter is built, not per request.
   *
   * @param env where {@code env:} secrets, {@value #BEARER_TOKEN_VARIABLE},
   *     {@code AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_CONFIG_FILE} and {@code HOME} are read
   *     (AWS's default chain reads the process environment itself)
   * @throws IllegalStateException when a configured secret cannot be read (naming the variable or
   *     file, never a value) or static keys are incomplete
   */
  public static BedrockCredentials create(Vertx vertx, ProviderSettings.Bedrock settings,
      Map<String, String> env) {
    if (settings.apiKey() != null) {
      return fixed(new BedrockAuth.Bearer(secret(settings.apiKey(), env, "Bedrock",
          settings.name(), "apiKey")), "apiKey");
    }
    AwsKeys keys = new AwsKeys("Bedrock", settings.name(), settings.profile(),
        settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken());
    BedrockCredentials configured = configured(vertx, keys, env);
    if (configured != null) {
      return configured;
    }
    String bearer = env.get(BEARER_TOKEN_VARIABLE);
    if (bearer != null && !bearer.isBlank()) {
      return fixed(new BedrockAuth.Bearer(bearer.strip()), BEARER_TOKEN_VARIABLE);
    }
    return refreshing(vertx, () -> DefaultCredentialsProvider.builder().build(),
        Clock.systemUTC(), "AWS default chain", BEARER_TOKEN_VARIABLE + ", " + DEFAULT_CHAIN);
  }

  /**
   * The SigV4 credentials of a SageMaker provider, in the order of
   * {@link ProviderSettings.SageMaker}: static keys, a named profile, else AWS's default chain
   * (never a Bedrock API key). Reads {@code file:} secrets: call it when the adapter is built.
   *
   * @param env where {@code env:} secrets, {@code AWS_SHARED_CREDENTIALS_FILE},
   *     {@code AWS_CONFIG_FILE} and {@code HOME} are read
   * @throws IllegalStateException as {@link #create(Vertx, ProviderSettings.Bedrock, Map)}
   */
  public static BedrockCredentials create(Vertx vertx, ProviderSettings.SageMaker settings,
      Map<String, String> env) {
    AwsKeys keys = new AwsKeys("SageMaker", settings.name(), settings.profile(),
        settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken());
    BedrockCredentials configured = configured(vertx, keys, env);
    return configured != null ? configured : refreshing(vertx,
        () -> DefaultCredentialsProvider.builder().build(), Clock.systemUTC(), "AWS default chain",
        DEFAULT_CHAIN);
  }

  /** Credentials that never change (tests, or keys held elsewhere); no worker pool. */
  public static BedrockCredentials fixed(BedrockAuth auth) {
    return fixed(Objects.requireNonNull(auth, "auth"), "fixed");
  }

  /**
   * Credentials from any AWS provider, resolved on the {@value #POOL} pool and refreshed as
   * {@code clock} says; the provider is closed by {@link #close()}.
   */
  public static BedrockCredentials fromProvider(Vertx vertx, AwsCredentialsProvider provider,
      Clock clock) {
    Objects.requireNonNull(provider, "provider");
    return refreshing(vertx, () -> provider, clock, provider.getClass().getSimpleName(),
        "the configured credentials provider");
  }

  /** The credentials to use now; never blocks, and completes at once when cached. */
  public Future<BedrockAuth> current() {
    return fixed != null ? fixed : refreshing.current();
  }

  /** Where the credentials come from (e.g. {@code apiKey}, {@code AWS default chain}), for logs. */
  public String source() {
    return source;
  }

  /** Closes the AWS provider and releases the worker pool; a no-op for fixed credentials. */
  public Future<Void> close() {
    return refreshing == null ? Future.succeededFuture() : refreshing.close();
  }

  private static BedrockCredentials fixed(BedrockAuth auth, String source) {
    return new BedrockCredentials(Future.succeededFuture(auth), null, source);
  }

  private static BedrockCredentials refreshing(Vertx vertx,
      Supplier<? extends AwsCredentialsProvider> factory, Clock clock, String source,
      String checked) {
    Objects.requireNonNull(clock, "clock");
    return new BedrockCredentials(null, new Refreshing<>(
        vertx.createSharedWorkerExecutor(POOL, POOL_SIZE), new AwsProviderSource(factory), clock,
        "aws credentials source=" + source, "no AWS credentials found (checked: " + checked + ")."),
        source);
  }

  /** Static keys, else a named profile, as configured; null when neither is. */
  private static BedrockCredentials configured(Vertx vertx, AwsKeys keys,
      Map<String, String> env) {
    if (keys.accessKeyId() != null || keys.secretAccessKey() != null
        || keys.sessionToken() != null) {
      return fixed(new BedrockAuth.SigV4(staticKeys(keys, env)), keys.sessionToken() == null
          ? "static keys" : "static keys with a session token");
    }
    if (keys.profile() == null) {
      return null;
    }
    String profile = keys.profile();
    Path credentials = sharedFile(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
    Path config = sharedFile(env, "AWS_CONFIG_FILE", "config");
    return refreshing(vertx, () -> profileProvider(profile, credentials, config),
        Clock.systemUTC(), "profile " + profile + " in " + credentials + " and " + config,
        "profile `" + profile + "` of the shared AWS config and credentials files");
  }

  private static AwsCredentialsIdentity staticKeys(AwsKeys keys, Map<String, String> env) {
    if (keys.accessKeyId() == null || keys.secretAccessKey() == null) {
      throw new IllegalStateException(keys.service() + " provider " + keys.provider()
          + ": accessKeyId and secretAccessKey must be set together (sessionToken needs both)");
    }
    String id = secret(keys.accessKeyId(), env, keys.service(), keys.provider(), "accessKeyId");
    String key = secret(keys.secretAccessKey(), env, keys.service(), keys.provider(),
        "secretAccessKey");
    if (keys.sessionToken() == null) {
      return AwsCredentialsIdentity.create(id, key);
    }
    return AwsSessionCredentialsIdentity.create(id, key,
        secret(keys.sessionToken(), env, keys.service(), keys.provider(), "sessionToken"));
  }

  private static String secret(SecretRef ref, Map<String, String> env, String service,
      String provider, String field) {
    try {
      return ref.resolve(env);
    } catch (IllegalStateException e) {
      // SecretRef's message names the variable or file, never the value
      throw new IllegalStateException(service + " provider " + provider + ", " + field + ": "
          + e.getMessage(), e);
    }
  }

  /** As the AWS SDKs locate them: the variable if set, else {@code ~/.aws/<name>}. */
  private static Path sharedFile(Map<String, String> env, String variable, String name) {
    String configured = env.get(variable);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".aws", name);
  }

  /** Runs on the worker: reads the files that exist. */
  private static AwsCredentialsProvider profileProvider(String profile, Path credentials,
      Path config) {
    ProfileFile.Aggregator files = ProfileFile.aggregator();
    if (Files.isRegularFile(credentials)) {
      files.addFile(ProfileFile.builder().content(credentials)
          .type(ProfileFile.Type.CREDENTIALS).build());
    }
    if (Files.isRegularFile(config)) {
      files.addFile(ProfileFile.builder().content(config)
          .type(ProfileFile.Type.CONFIGURATION).build());
    }
    return ProfileCredentialsProvider.builder().profileFile(files.build()).profileName(profile)
        .build();
  }

  /**
   * The AWS credential fields a provider's settings share (Bedrock, SageMaker).
   *
   * @param service the service named in configuration errors
   */
  private record AwsKeys(String service, String provider, String profile, SecretRef accessKeyId,
      SecretRef secretAccessKey, SecretRef sessionToken) {}
}
