package dev.gantry.finetune.trainer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.ProviderSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names, options and URLs: what Bedrock and S3 accept. */
class ResourceNamesTest {

  @Test
  void customModelName_suffixAndJobId_fitTheServiceModel() {
    assertEquals("my-bot-ftjob-abc", ResourceNames.customModelName("ftjob-abc", "my bot!"));
    assertEquals("ftjob-abc", ResourceNames.customModelName("ftjob-abc", null));
    String longName = ResourceNames.customModelName("ftjob-" + "x".repeat(24), "s".repeat(80));
    assertEquals(63, longName.length());
    assertTrue(longName.endsWith("-ftjob-" + "x".repeat(24)));
    assertTrue(longName.matches("([0-9a-zA-Z][_-]?){1,63}"));
  }

  @Test
  void servingName_fromTheJobArnsId() {
    assertEquals("gantry-a1b2c3d4e5f6", ResourceNames.servingName(
        "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/"
            + "amazon.nova-micro-v1:0:128k/a1b2c3d4e5f6"));
  }

  @Test
  void token_keepsLettersDigitsAndHyphens() {
    assertEquals("ftjob-a-b", ResourceNames.token("ftjob_a.b"));
  }

  @Test
  void options_defaults() {
    TrainerOptions options = TrainerOptions.of(provider("eu-west-1"), target(Map.of()));

    assertEquals("https://bedrock.eu-west-1.amazonaws.com", options.controlEndpoint());
    assertEquals("FINE_TUNING", options.customizationType());
    assertEquals(DataFormat.NOVA, options.format("amazon.nova-micro-v1:0:128k"));
    assertEquals(false, options.provisioned());
    assertEquals("s3://bucket-1/a/b/ftjob-1/output/", options.s3Uri("ftjob-1", "output/"));
    S3Upload s3 = new S3Upload(null, null, options, "eu-west-1", Clock.systemUTC(),
        Duration.ofSeconds(1));
    assertEquals("https://bucket-1.s3.eu-west-1.amazonaws.com/a/b/ftjob-1/train.jsonl",
        s3.url(options.key("ftjob-1", "train.jsonl")));
  }

  @Test
  void options_invalid_refusedNamingTheOption() {
    assertThrows(IllegalArgumentException.class, () -> TrainerOptions.of(provider("us-east-1"),
        target(Map.of("serve", "endpoint"))));
    assertThrows(IllegalArgumentException.class, () -> TrainerOptions.of(provider("us-east-1"),
        target(Map.of("model_units", "0"))));
    assertThrows(IllegalArgumentException.class, () -> TrainerOptions.of(provider("us-east-1"),
        target(Map.of("customization_type", "DISTILLATION"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerOptions.of(provider("us-east-1"), target(Map.of("s3_uri", "gs://x"))));
    assertTrue(e.getMessage().contains("s3_uri"), e.getMessage());
  }

  private static ProviderSettings.Bedrock provider(String region) {
    return new ProviderSettings.Bedrock("p", region, null, null, null, null, null, null, null, 0);
  }

  private static FineTuningTarget target(Map<String, String> extra) {
    Map<String, String> options = new java.util.HashMap<>(Map.of(
        "role_arn", "arn:aws:iam::123456789012:role/r", "s3_uri", "s3://bucket-1/a/b/"));
    options.putAll(extra);
    return new FineTuningTarget(FineTuningTarget.Backend.BEDROCK, "p",
        "amazon.nova-micro-v1:0:128k", options, null);
  }
}
