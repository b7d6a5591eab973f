package dev.gantry.adapters.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.bedrock.auth.BedrockAuth;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The provider contract for the {@code sagemaker} provider type, against a {@link FakeSageMaker}
 * that verifies every SigV4 signature (signing name {@code sagemaker}) and the endpoint's headers,
 * and streams the container's recorded SSE in event-stream {@code PayloadPart}s cut mid-event.
 *
 * <p>The deployment speaks the Messages API ({@code api: messages}, behind an inference
 * component), the API under which the provider's declared capabilities (tools, images, JSON
 * schema, logprobs) hold. Deployments with {@code api: generate} refuse tools, images and
 * logprobs as UNSUPPORTED by name; {@link SageMakerAdapterTest} covers them.
 */
class SageMakerContractTest extends ProviderContractTest {

  private FakeSageMaker fake;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return new FakeSageMaker(vertx).start().map(started -> {
      fake = started;
      return adapter(vertx, started, FakeSageMaker.SECRET_ACCESS_KEY);
    });
  }

  @Override
  protected Future<Void> stop() {
    assertThat(fake.problems()).as("every request was signed and addressed as SageMaker needs")
        .isEmpty();
    return fake.close();
  }

  @Override
  protected String upstreamModel() {
    return FakeSageMaker.MESSAGES_ENDPOINT;
  }

  @Override
  protected Map<String, String> deploymentOptions() {
    return Map.of("api", "messages", "inference_component", FakeSageMaker.COMPONENT);
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS,
        Capability.VISION, Capability.JSON_SCHEMA, Capability.LOGPROBS);
  }

  /** An adapter signing with the fake's access key and {@code secret}. */
  static SageMakerAdapter adapter(Vertx vertx, FakeSageMaker fake, String secret) {
    ProviderSettings.SageMaker settings = new ProviderSettings.SageMaker("sm",
        FakeSageMaker.REGION, fake.endpoint(), null, null, null, null, Duration.ofSeconds(10), 4);
    BedrockCredentials keys = BedrockCredentials.fixed(new BedrockAuth.SigV4(
        AwsCredentialsIdentity.create(FakeSageMaker.ACCESS_KEY_ID, secret)));
    return new SageMakerAdapter(vertx, settings, keys, Clock.systemUTC());
  }
}
