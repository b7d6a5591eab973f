package dev.gantry.adapters.bedrock.invoke;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request/response schema of a Bedrock image generation model, read from the model id or,
 * for ids that do not name the model (application inference profiles, provisioned ARNs), from the
 * deployment option {@value #OPTION}.
 */
public enum ImageFamily {
  /** {@code amazon.titan-image-generator-v1}, {@code amazon.titan-image-generator-v2:0}. */
  TITAN_IMAGE("titan-image"),
  /** {@code amazon.nova-canvas-v1:0}: Titan's schema with looser sizes and a {@code style}. */
  NOVA_CANVAS("nova-canvas"),
  /**
   * Stability's text-to-image models on Bedrock ({@code stability.sd3-5-large-v1:0},
   * {@code stability.stable-image-core-v1:1}, {@code stability.stable-image-ultra-v1:1}): one image
   * per call, sized by aspect ratio. Not the older {@code stable-diffusion-xl} schema.
   */
  STABILITY("stability");

  /** The deployment option naming the family explicitly. */
  public static final String OPTION = "family";

  private final String id;

  ImageFamily(String id) {
    this.id = id;
  }

  /** The name used in the deployment option. */
  public String id() {
    return id;
  }

  /**
   * The family of a deployment: its {@value #OPTION} option when set, else what the model id
   * reveals.
   *
   * @throws GatewayException UNSUPPORTED when neither says; INTERNAL for an unknown option value
   */
  public static ImageFamily of(String modelId, Map<String, String> options) {
    String option = options.get(OPTION);
    if (option != null) {
      for (ImageFamily f : values()) {
        if (f.id.equalsIgnoreCase(option.trim())) {
          return f;
        }
      }
      throw new GatewayException(ErrorKind.INTERNAL, "The deployment option '" + OPTION
          + "' must be one of titan-image, nova-canvas, stability for Bedrock images.", null, -1,
          null);
    }
    return fromModelId(modelId).orElseThrow(() -> GatewayException.unsupported(
        "This deployment's Bedrock model id does not name a supported image model; set its "
            + "option '" + OPTION + "' to one of titan-image, nova-canvas, stability.", "model"));
  }

  /** The family a model id names, if it names one. */
  public static Optional<ImageFamily> fromModelId(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("amazon.titan-image-generator")) {
      return Optional.of(TITAN_IMAGE);
    }
    if (id.contains("amazon.nova-canvas")) {
      return Optional.of(NOVA_CANVAS);
    }
    if (id.contains("stability.sd3") || id.contains("stability.stable-image")) {
      return Optional.of(STABILITY);
    }
    return Optional.empty();
  }
}
