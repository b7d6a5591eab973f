package dev.gantry.adapters.bedrock.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.testing.MutableClock;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

@ExtendWith(VertxExtension.class)
class BedrockCredentialsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void create_apiKey_isBearerAtOnce(Vertx vertx) {
    BedrockCredentials credentials = BedrockCredentials.create(vertx,
        settings(null, null, null, null, SecretRef.parse("env:BEDROCK_KEY")),
        Map.of("BEDROCK_KEY", "bedrock-api-key-1"));

    Future<BedrockAuth> current = credentials.current();

    assertThat(current.result()).isEqualTo(new BedrockAuth.Bearer("bedrock-api-key-1"));
    assertThat(current.result().toString()).isEqualTo("Bearer[***]");
    assertThat(credentials.source()).isEqualTo("apiKey");
  }

  @Test
  void create_staticKeysWithSessionToken_isSigV4AtOnce(Vertx vertx) {
    BedrockCredentials credentials = BedrockCredentials.create(vertx, settings(null,
        SecretRef.parse("env:AK"), SecretRef.parse("env:SK"), SecretRef.literal("token"), null),
        Map.of("AK", "AKIDEXAMPLE", "SK", "secret"));

    AwsSessionCredentialsIdentity identity = (AwsSessionCredentialsIdentity)
        ((BedrockAuth.SigV4) credentials.current().result()).credentials();

    assertThat(identity.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(identity.secretAccessKey()).isEqualTo("secret");
    assertThat(identity.sessionToken()).isEqualTo("token");
    assertThat(credentials.current().result().toString()).doesNotContain("AKID", "secret");
  }

  @Test
  void create_staticKeyVariableMissing_namesTheVariableOnly(Vertx vertx) {
    ProviderSettings.Bedrock settings = settings(null, SecretRef.parse("env:AK"),
        SecretRef.literal("very-secret"), null, null);

    assertThatThrownBy(() -> BedrockCredentials.create(vertx, settings, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Bedrock provider bedrock, accessKeyId: environment variable AK is not set");
  }

  @Test
  void create_accessKeyWithoutSecret_isRejected(Vertx vertx) {
    ProviderSettings.Bedrock settings = settings(null, SecretRef.literal("AKID"), null, null, null);

    assertThatThrownBy(() -> BedrockCredentials.create(vertx, settings, Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessage("Bedrock provider bedrock:"
            + " accessKeyId and secretAccessKey must be set together (sessionToken needs both)");
  }

  @Test
  void create_bearerTokenVariableAndNothingConfigured_isBearer(Vertx vertx) {
    BedrockCredentials credentials = BedrockCredentials.create(vertx,
        settings(null, null, null, null, null), Map.of("AWS_BEARER_TOKEN_BEDROCK", "key-2"));

    assertThat(credentials.current().result()).isEqualTo(new BedrockAuth.Bearer("key-2"));
    assertThat(credentials.source()).isEqualTo("AWS_BEARER_TOKEN_BEDROCK");
  }

  @Test
  void create_nothingConfigured_usesTheDefaultChain(Vertx vertx, VertxTestContext ctx) {
    BedrockCredentials credentials = BedrockCredentials.create(vertx,
        settings(null, null, null, null, null), Map.of());

    assertThat(credentials.source()).isEqualTo("AWS default chain");
    credentials.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void create_profile_readsThatProfileOfTheSharedFiles(Vertx vertx, VertxTestContext ctx,
      @TempDir Path home) throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = AKIDDEF\n"
        + "aws_secret_access_key = def\n[dev]\naws_access_key_id = AKIDDEV\n"
        + "aws_secret_access_key = dev-secret\naws_session_token = dev-token\n");
    Files.writeString(home.resolve("config"), "[profile dev]\nregion = eu-west-1\n");
    BedrockCredentials credentials = BedrockCredentials.create(vertx,
        settings("dev", null, null, null, null),
        Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", home.resolve("config").toString()));

    credentials.current().eventually(credentials::close)
        .onComplete(ctx.succeeding(auth -> ctx.verify(() -> {
          AwsSessionCredentialsIdentity identity =
              (AwsSessionCredentialsIdentity) ((BedrockAuth.SigV4) auth).credentials();
          assertThat(identity.accessKeyId()).isEqualTo("AKIDDEV");
          assertThat(identity.sessionToken()).isEqualTo("dev-token");
          ctx.completeNow();
        })));
  }

  @Test
  void create_unknownProfile_failsWithoutPathsOrFileContents(Vertx vertx, VertxTestContext ctx,
      @TempDir Path dir) throws IOException {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s3cr3t\n");
    BedrockCredentials credentials = BedrockCredentials.create(vertx,
        settings("prod", null, null, null, null),
        Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "HOME", dir.toString()));

    credentials.current().eventually(credentials::close)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e).hasMessage("no AWS credentials found (checked: profile `prod` of the"
              + " shared AWS config and credentials files).");
          ctx.completeNow();
        })));
  }

  @Test
  void current_onEventLoop_resolvesOnceOnTheAwsPoolWithoutBlocking(Vertx vertx,
      VertxTestContext ctx) {
    FakeProvider provider = new FakeProvider(session("A", null));
    provider.gate = new CountDownLatch(1);
    BedrockCredentials credentials =
        BedrockCredentials.fromProvider(vertx, provider, new MutableClock(T0));

    vertx.runOnContext(v -> {
      Future<BedrockAuth> first = credentials.current();
      Future<BedrockAuth> second = credentials.current();
      ctx.verify(() -> assertThat(first.isComplete() || second.isComplete()).isFalse());
      provider.gate.countDown();
      Future.all(first, second).compose(all -> credentials.current().map(all))
          .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            assertThat(Context.isOnEventLoopThread()).isTrue();
            assertThat(accessKey(all.resultAt(0))).isEqualTo("A");
            assertThat(accessKey(all.resultAt(1))).isEqualTo("A");
            assertThat(provider.threads).singleElement().asString().startsWith("gantry-aws-");
            ctx.completeNow();
          })));
    });
  }

  @Test
  void current_callersOnTwoEventLoopsShareOneResolution_eachContinuesOnItsOwn(Vertx vertx,
      VertxTestContext ctx) {
    FakeProvider provider = new FakeProvider(session("A", null));
    provider.gate = new CountDownLatch(1);
    BedrockCredentials credentials =
        BedrockCredentials.fromProvider(vertx, provider, new MutableClock(T0));
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    Checkpoint continued = ctx.checkpoint(2);

    first.runOnContext(v -> {
      expectOn(first, credentials.current(), provider, ctx, continued);
      second.runOnContext(w -> {
        expectOn(second, credentials.current(), provider, ctx, continued);
        provider.gate.countDown();
      });
    });
  }

  private static void expectOn(Context caller, Future<BedrockAuth> current, FakeProvider provider,
      VertxTestContext ctx, Checkpoint continued) {
    current.onComplete(ctx.succeeding(auth -> {
      ctx.verify(() -> {
        assertThat(Vertx.currentContext()).isSameAs(caller);
        assertThat(accessKey(auth)).isEqualTo("A");
        assertThat(provider.threads).hasSize(1);
      });
      continued.flag();
    }));
  }

  @Test
  void current_withinFiveMinutesOfExpiry_servesCachedAndRefreshesOnce(Vertx vertx,
      VertxTestContext ctx) {
    MutableClock clock = new MutableClock(T0);
    FakeProvider provider = new FakeProvider(session("A", T0.plus(Duration.ofHours(1))),
        session("B", T0.plus(Duration.ofHours(2))));
    BedrockCredentials credentials = BedrockCredentials.fromProvider(vertx, provider, clock);

    credentials.current().compose(first -> {
      clock.advance(Duration.ofMinutes(54));
      Future<BedrockAuth> beforeWindow = credentials.current();
      clock.advance(Duration.ofMinutes(2));
      Future<BedrockAuth> inWindow = credentials.current();
      ctx.verify(() -> {
        assertThat(accessKey(beforeWindow.result())).isEqualTo("A");
        assertThat(accessKey(inWindow.result())).as("served at once").isEqualTo("A");
      });
      clock.advance(Duration.ofMinutes(4));
      return credentials.current();
    }).onComplete(ctx.succeeding(later -> ctx.verify(() -> {
      assertThat(accessKey(later)).isEqualTo("B");
      assertThat(provider.threads).hasSize(2);
      ctx.completeNow();
    })));
  }

  @Test
  void current_pastTheExpiryMargin_waitsForFreshCredentials(Vertx vertx, VertxTestContext ctx) {
    MutableClock clock = new MutableClock(T0);
    FakeProvider provider = new FakeProvider(session("A", T0.plus(Duration.ofHours(1))),
        session("B", T0.plus(Duration.ofHours(2))));
    BedrockCredentials credentials = BedrockCredentials.fromProvider(vertx, provider, clock);

    credentials.current().compose(first -> {
      provider.gate = new CountDownLatch(1);
      clock.advance(Duration.ofMinutes(59).plusSeconds(31));
      Future<BedrockAuth> next = credentials.current();
      ctx.verify(() -> assertThat(next.isComplete()).isFalse());
      provider.gate.countDown();
      return next;
    }).onComplete(ctx.succeeding(next -> ctx.verify(() -> {
      assertThat(accessKey(next)).isEqualTo("B");
      ctx.completeNow();
    })));
  }

  @Test
  void current_providerFails_isUpstreamErrorWithoutDetailsRetriedAfterTenSeconds(Vertx vertx,
      VertxTestContext ctx) {
    MutableClock clock = new MutableClock(T0);
    FakeProvider provider = new FakeProvider(
        SdkClientException.create("Unable to load credentials from any of the providers"),
        session("A", null));
    BedrockCredentials credentials = BedrockCredentials.fromProvider(vertx, provider, clock);

    credentials.current().transform(first -> {
      ctx.verify(() -> {
        assertThat(first.cause()).isInstanceOf(GatewayException.class).hasMessage(
            "no AWS credentials found (checked: the configured credentials provider).");
        assertThat(((GatewayException) first.cause()).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      });
      clock.advance(Duration.ofSeconds(9));
      return credentials.current().transform(cached -> {
        ctx.verify(() -> assertThat(cached.cause()).isSameAs(first.cause()));
        clock.advance(Duration.ofSeconds(1));
        return credentials.current();
      });
    }).onComplete(ctx.succeeding(auth -> ctx.verify(() -> {
      assertThat(accessKey(auth)).isEqualTo("A");
      assertThat(provider.threads).hasSize(2);
      ctx.completeNow();
    })));
  }

  @Test
  void current_credentialsAlreadyExpired_isAFailure(Vertx vertx, VertxTestContext ctx) {
    FakeProvider provider = new FakeProvider(session("A", T0.minusSeconds(1)));
    BedrockCredentials credentials =
        BedrockCredentials.fromProvider(vertx, provider, new MutableClock(T0));

    credentials.current().onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      assertThat(e).hasMessageStartingWith("no AWS credentials found");
      ctx.completeNow();
    })));
  }

  @Test
  void close_closesTheProvider(Vertx vertx, VertxTestContext ctx) {
    FakeProvider provider = new FakeProvider(session("A", null));
    BedrockCredentials credentials =
        BedrockCredentials.fromProvider(vertx, provider, new MutableClock(T0));

    credentials.current().compose(auth -> credentials.close())
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(provider.closed).isTrue();
          ctx.completeNow();
        })));
  }

  private static String accessKey(BedrockAuth auth) {
    return ((BedrockAuth.SigV4) auth).credentials().accessKeyId();
  }

  private static AwsCredentials session(String accessKey, Instant expires) {
    return AwsSessionCredentials.builder().accessKeyId(accessKey).secretAccessKey("secret")
        .sessionToken("token").expirationTime(expires).build();
  }

  private static ProviderSettings.Bedrock settings(String profile, SecretRef accessKeyId,
      SecretRef secret, SecretRef sessionToken, SecretRef apiKey) {
    return new ProviderSettings.Bedrock("bedrock", "us-east-1", null, profile, accessKeyId, secret,
        sessionToken, apiKey, null, 0);
  }

  /** Returns (or throws) its outcomes in turn, the last one forever; may wait on a gate. */
  private static final class FakeProvider implements AwsCredentialsProvider, AutoCloseable {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    final Object[] outcomes;
    volatile CountDownLatch gate;

    FakeProvider(Object... outcomes) {
      this.outcomes = outcomes;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      threads.add(Thread.currentThread().getName());
      CountDownLatch g = gate;
      try {
        if (g != null && !g.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Object outcome = outcomes[Math.min(threads.size(), outcomes.length) - 1];
      if (outcome instanceof RuntimeException) {
        throw (RuntimeException) outcome;
      }
      return (AwsCredentials) outcome;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
