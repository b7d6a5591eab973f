package dev.gantry.finetune.trainer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainingSpec.Hyperparameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI's hyperparameters under each family's Bedrock keys, all values strings. */
class BedrockHyperparametersTest {

  private static final Hyperparameters ALL = new Hyperparameters(3, 8, 0.5);

  @Test
  void of_auto_empty() {
    assertEquals(Map.of(), BedrockHyperparameters.of("amazon.nova-micro-v1:0:128k",
        Hyperparameters.AUTO));
  }

  @Test
  void of_claude_takesTheMultiplierAsIs() {
    assertEquals(Map.of("epochCount", "3", "batchSize", "8", "learningRateMultiplier", "0.5"),
        BedrockHyperparameters.of("anthropic.claude-3-haiku-20240307-v1:0:200k", ALL));
  }

  @Test
  void of_nova_learningRateFromItsDefault() {
    assertEquals(Map.of("epochCount", "2", "learningRate", "0.00001"),
        BedrockHyperparameters.of("amazon.nova-pro-v1:0:300k",
            new Hyperparameters(2, null, 1.0)));
  }

  @Test
  void of_novaBatchSize_refused() {
    TrainerException e = assertThrows(TrainerException.class,
        () -> BedrockHyperparameters.of("amazon.nova-micro-v1:0:128k", ALL));

    assertFalse(e.retryable());
  }

  @Test
  void of_titanAndLlama_learningRateFromTheirDefaults() {
    assertEquals(Map.of("epochCount", "3", "batchSize", "8", "learningRate", "0.000005"),
        BedrockHyperparameters.of("amazon.titan-text-express-v1", ALL));
    assertEquals(Map.of("learningRate", "0.000002"), BedrockHyperparameters.of(
        "amazon.titan-text-premier-v1:0", new Hyperparameters(null, null, 2.0)));
    assertEquals(Map.of("epochCount", "3", "batchSize", "8", "learningRate", "0.00005"),
        BedrockHyperparameters.of("meta.llama3-2-1b-instruct-v1:0", ALL));
  }

  @Test
  void of_unknownFamilyMultiplier_refused() {
    assertEquals(Map.of("epochCount", "3", "batchSize", "8"), BedrockHyperparameters.of(
        "cohere.command-light-text-v14:7:4k", new Hyperparameters(3, 8, null)));
    assertThrows(TrainerException.class,
        () -> BedrockHyperparameters.of("cohere.command-light-text-v14:7:4k", ALL));
  }
}
