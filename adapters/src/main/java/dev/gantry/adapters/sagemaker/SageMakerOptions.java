package dev.gantry.adapters.sagemaker;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code sagemaker} deployment's options (config/README.md, "SageMaker deployments"), checked
 * against what SageMaker Runtime accepts (the {@code runtime.sagemaker-2017-05-13} service model's
 * header shapes), so that a misconfigured deployment is refused by name before anything is sent.
 *
 * @param api what the endpoint's container takes at {@code /invocations}
 * @param tokenizerConfig the {@code tokenizer_config.json} path ({@link Api#GENERATE}), else null
 * @param inferenceComponent sent as {@code X-Amzn-SageMaker-Inference-Component}, or null
 * @param targetVariant sent as {@code X-Amzn-SageMaker-Target-Variant}, or null
 * @param targetContainerHostname sent as {@code X-Amzn-SageMaker-Target-Container-Hostname}, or
 *     null
 */
record SageMakerOptions(Api api, String tokenizerConfig, String inferenceComponent,
    String targetVariant, String targetContainerHostname) {

  /** What the container behind the endpoint takes. */
  enum Api {
    /** TGI's native body {@code {inputs, parameters, stream}}, the prompt rendered by Gantry. */
    GENERATE,
    /** OpenAI chat completion bodies (TGI's and LMI's Messages API at {@code /invocations}). */
    MESSAGES
  }

  /** {@code InferenceComponentHeader}: up to 63 characters. */
  private static final Pattern COMPONENT = Pattern.compile("[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?");
  /** {@code TargetVariantHeader} and {@code TargetContainerHostnameHeader}: up to 63. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");
  private static final int MAX_NAME = 63;

  /**
   * Reads and checks a deployment's options; options this provider does not know are ignored.
   *
   * @throws GatewayException {@link ErrorKind#INTERNAL} naming the option at fault (a deployment
   *     misconfiguration, not the client's)
   */
  static SageMakerOptions of(Map<String, String> options) {
    String apiOption = options.getOrDefault("api", "generate").trim().toLowerCase(Locale.ROOT);
    Api api;
    if ("generate".equals(apiOption)) {
      api = Api.GENERATE;
    } else if ("messages".equals(apiOption)) {
      api = Api.MESSAGES;
    } else {
      throw misconfigured("The deployment's option api must be generate or messages.");
    }
    String tokenizerConfig = blankToNull(options.get("tokenizer_config"));
    if (api == Api.GENERATE && tokenizerConfig == null) {
      throw misconfigured("The deployment's option tokenizer_config (the path of the model's "
          + "tokenizer_config.json) is required with api: generate.");
    }
    return new SageMakerOptions(api, api == Api.GENERATE ? tokenizerConfig : null,
        header(options, "inference_component", COMPONENT),
        header(options, "target_variant", NAME),
        header(options, "target_container_hostname", NAME));
  }

  private static String header(Map<String, String> options, String option, Pattern pattern) {
    String value = blankToNull(options.get(option));
    if (value != null && (value.length() > MAX_NAME || !pattern.matcher(value).matches())) {
      throw misconfigured("The deployment's option " + option + " must be a SageMaker name: up to "
          + MAX_NAME + " letters, digits and hyphens, starting and ending with a letter or digit.");
    }
    return value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static GatewayException misconfigured(String message) {
    return new GatewayException(ErrorKind.INTERNAL, message, null, -1, null);
  }
}
