package dev.gantry.finetune.trainer;

import java.util.Map;
import java.util.Objects;

/**
 * How the router reaches a tuned model: a deployment of a configured provider.
 *
 * @param provider a provider name of the configuration (the Bedrock or Vertex provider the job
 *     ran on, or the vLLM server a LoRA adapter was loaded into)
 * @param model the deployment's model (a Bedrock custom model deployment ARN, a Vertex model, the
 *     LoRA adapter's name)
 * @param options deployment options (e.g. Vertex {@code endpoint})
 */
public record ServedModel(String provider, String model, Map<String, String> options) {

  public ServedModel {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    options = options == null ? Map.of() : Map.copyOf(options);
  }
}
