package dev.gantry.adapters.bedrock.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** {@link BedrockCredentials#create(Vertx, ProviderSettings.SageMaker, Map)}: SigV4 only. */
@ExtendWith(VertxExtension.class)
class SageMakerCredentialsTest {

  @Test
  void create_staticKeys_isSigV4AtOnce(Vertx vertx) {
    BedrockCredentials credentials = BedrockCredentials.create(vertx,
        settings(null, SecretRef.parse("env:AK"), SecretRef.parse("env:SK")),
        Map.of("AK", "AKIDEXAMPLE", "SK", "secret"));

    AwsCredentialsIdentity identity =
        ((BedrockAuth.SigV4) credentials.current().result()).credentials();

    assertThat(identity.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(identity.secretAccessKey()).isEqualTo("secret");
    assertThat(credentials.source()).isEqualTo("static keys");
  }

  @Test
  void create_staticKeyVariableMissing_namesSageMakerAndTheVariableOnly(Vertx vertx) {
    ProviderSettings.SageMaker settings = settings(null, SecretRef.parse("env:AK"),
        SecretRef.literal("very-secret"));

    assertThatThrownBy(() -> BedrockCredentials.create(vertx, settings, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SageMaker provider sm, accessKeyId: environment variable AK is not set");
  }

  @Test
  void create_bedrockBearerVariableAndNothingConfigured_ignoresItForTheDefaultChain(Vertx vertx,
      VertxTestContext ctx) {
    BedrockCredentials credentials = BedrockCredentials.create(vertx, settings(null, null, null),
        Map.of(BedrockCredentials.BEARER_TOKEN_VARIABLE, "bedrock-key"));

    assertThat(credentials.source()).isEqualTo("AWS default chain");
    credentials.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void create_profile_readsThatProfile(Vertx vertx, VertxTestContext ctx, @TempDir Path home)
      throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[ml]\naws_access_key_id = AKIDML\n"
        + "aws_secret_access_key = ml-secret\n");
    BedrockCredentials credentials = BedrockCredentials.create(vertx, settings("ml", null, null),
        Map.of("HOME", home.toString()));

    credentials.current().eventually(credentials::close)
        .onComplete(ctx.succeeding(auth -> ctx.verify(() -> {
          assertThat(((BedrockAuth.SigV4) auth).credentials().accessKeyId()).isEqualTo("AKIDML");
          ctx.completeNow();
        })));
  }

  private static ProviderSettings.SageMaker settings(String profile, SecretRef accessKeyId,
      SecretRef secret) {
    return new ProviderSettings.SageMaker("sm", "us-east-1", null, profile, accessKeyId, secret,
        null, null, 0);
  }
}
