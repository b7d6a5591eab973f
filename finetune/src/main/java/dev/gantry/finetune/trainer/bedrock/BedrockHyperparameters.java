package dev.gantry.finetune.trainer.bedrock;

import dev.gantry.finetune.trainer.TrainerException;
import dev.gantry.finetune.trainer.TrainingSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's hyperparameters as Bedrock's {@code hyperParameters}: a string-to-string map whose
 * keys depend on the model family ({@link ModelFamily}). What is not asked is left out (Bedrock's
 * defaults); what the family cannot take is refused before anything is uploaded, rather than sent
 * under a key Bedrock would reject or, worse, ignore.
 */
final class BedrockHyperparameters {

  private BedrockHyperparameters() {}

  /**
   * @throws TrainerException (not retryable) when the family takes no such hyperparameter
   */
  static Map<String, String> of(String baseModel, TrainingSpec.Hyperparameters asked) {
    ModelFamily family = ModelFamily.of(baseModel);
    Map<String, String> out = new LinkedHashMap<>();
    if (asked.epochs() != null) {
      out.put("epochCount", Integer.toString(asked.epochs()));
    }
    if (asked.batchSize() != null) {
      if (!family.takesBatchSize()) {
        throw refused("batch_size", baseModel, "Bedrock fixes the batch size of this model");
      }
      out.put("batchSize", Integer.toString(asked.batchSize()));
    }
    if (asked.learningRateMultiplier() != null) {
      BigDecimal multiplier = BigDecimal.valueOf(asked.learningRateMultiplier());
      if (family == ModelFamily.CLAUDE) {
        out.put("learningRateMultiplier", plain(multiplier));
      } else if (family.defaultLearningRate() != null) {
        out.put("learningRate", plain(multiplier.multiply(family.defaultLearningRate())));
      } else {
        throw refused("learning_rate_multiplier", baseModel, "its default learning rate is not "
            + "known to the gateway, so a multiplier cannot be converted");
      }
    }
    return out;
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static TrainerException refused(String name, String baseModel, String why) {
    return new TrainerException("The hyperparameter " + name + " is not supported when "
        + "fine-tuning " + baseModel + " on Bedrock: " + why + ". Leave it unset (auto).", false);
  }
}
