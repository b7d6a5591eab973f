package dev.gantry.finetune.trainer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gantry.adapters.bedrock.auth.BedrockAuth;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.bedrock.auth.BedrockSigner;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The fake's signature check tells S3's signing from Bedrock's: a path with {@code %3A} is
 * accepted only under the right service's canonical URI, and a changed body is caught.
 */
class SigV4CheckTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T14:00:00Z"),
      ZoneOffset.UTC);
  private static final AwsCredentialsIdentity KEYS = AwsCredentialsIdentity.create("AKID",
      "secret");
  private final SigV4Check check = new SigV4Check("AKID", "secret", null, "us-east-1");

  @TempDir
  Path dir;

  @Test
  void s3Put_keyWithColon_validOnlyAsS3() throws Exception {
    Path file = Files.writeString(dir.resolve("f.jsonl"), "{\"a\":1}\n");
    S3Upload upload = new S3Upload(null, null, options(), "us-east-1", CLOCK,
        Duration.ofSeconds(5));
    S3Upload.SignedPut put = upload.sign("ft/job:1/train.jsonl", file, Files.size(file), KEYS);
    URI url = URI.create(put.url());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(put.headers())
        .add("host", url.getHost() + ":" + url.getPort());
    byte[] body = Files.readAllBytes(file);

    assertEquals("/bkt/ft/job%3A1/train.jsonl", url.getRawPath());
    assertEquals(List.of(), check.problems("s3", "PUT", url.getRawPath(), null, headers, body));
    assertFalse(check.problems("bedrock", "PUT", url.getRawPath(), null, headers, body)
        .isEmpty());
    assertFalse(check.problems("s3", "PUT", url.getRawPath(), null, headers,
        "{\"a\":2}\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void bedrockGet_arnInPath_validOnlyAsBedrock() throws Exception {
    BedrockSigner signer = new BedrockSigner(BedrockCredentials.fixed(new BedrockAuth.SigV4(KEYS)),
        "us-east-1", CLOCK);
    ProviderHttpRequest signed = signer.sign(new ProviderHttpRequest(HttpMethod.GET,
        "http://127.0.0.1:9/model-customization-jobs/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aj%2Fx",
        Map.of(), Buffer.buffer())).toCompletionStage().toCompletableFuture().get();
    URI url = URI.create(signed.url());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(signed.headers())
        .add("host", "127.0.0.1:9");

    assertEquals(List.of(), check.problems("bedrock", "GET", url.getRawPath(), null, headers,
        new byte[0]));
    assertTrue(!check.problems("s3", "GET", url.getRawPath(), null, headers, new byte[0])
        .isEmpty());
  }

  private static TrainerOptions options() {
    ProviderSettings.Bedrock provider = new ProviderSettings.Bedrock("p", "us-east-1", null, null,
        null, null, null, null, null, 0);
    return TrainerOptions.of(provider, new FineTuningTarget(FineTuningTarget.Backend.BEDROCK, "p",
        "amazon.nova-micro-v1:0:128k", Map.of("role_arn", "arn:aws:iam::1:role/r",
            "s3_uri", "s3://bkt/ft", "s3_endpoint", "http://127.0.0.1:9"), null));
  }
}
