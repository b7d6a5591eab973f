package dev.gantry.adapters.bedrock.invoke;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request/response schema of a Bedrock embedding model. Read from the model id, which also
 * works through cross-region prefixes ({@code us.cohere.embed-v4:0}) and foundation-model ARNs;
 * ids that do not name the model (application inference profiles, provisioned or custom model
 * ARNs) need the deployment option {@value #OPTION}.
 */
public enum EmbeddingFamily {
  /** {@code amazon.titan-embed-text-v1}: {@code {inputText}}, one text per call, 1536 floats. */
  TITAN_V1("titan-v1"),
  /** {@code amazon.titan-embed-text-v2:0}: adds {@code dimensions} and {@code normalize}. */
  TITAN_V2("titan-v2"),
  /** {@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3}: batches of texts. */
  COHERE_V3("cohere-v3"),
  /** {@code cohere.embed-v4:0}: adds {@code output_dimension}. */
  COHERE_V4("cohere-v4"),
  /** {@code amazon.nova-2-multimodal-embeddings-v1:0}: {@code SINGLE_EMBEDDING} per text. */
  NOVA("nova");

  /** The deployment option naming the family explicitly. */
  public static final String OPTION = "family";

  private final String id;

  EmbeddingFamily(String id) {
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
  public static EmbeddingFamily of(String modelId, Map<String, String> options) {
    String option = options.get(OPTION);
    if (option != null) {
      for (EmbeddingFamily f : values()) {
        if (f.id.equalsIgnoreCase(option.trim())) {
          return f;
        }
      }
      throw new GatewayException(ErrorKind.INTERNAL, "The deployment option '" + OPTION
          + "' must be one of " + names() + " for Bedrock embeddings.", null, -1, null);
    }
    return fromModelId(modelId).orElseThrow(() -> GatewayException.unsupported(
        "This deployment's Bedrock model id does not name a supported embedding model; set its "
            + "option '" + OPTION + "' to one of " + names() + ".", "model"));
  }

  /** The family a model id names, if it names one. */
  public static Optional<EmbeddingFamily> fromModelId(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.contains("amazon.titan-embed-text-v2")) {
      return Optional.of(TITAN_V2);
    }
    if (id.contains("amazon.titan-embed-text-v1") || id.contains("amazon.titan-embed-g1-text")) {
      return Optional.of(TITAN_V1);
    }
    if (id.contains("cohere.embed-english-v3") || id.contains("cohere.embed-multilingual-v3")) {
      return Optional.of(COHERE_V3);
    }
    if (id.contains("cohere.embed-v4")) {
      return Optional.of(COHERE_V4);
    }
    if (id.contains("amazon.nova") && id.contains("embed")) {
      return Optional.of(NOVA);
    }
    return Optional.empty();
  }

  private static String names() {
    StringBuilder sb = new StringBuilder();
    for (EmbeddingFamily f : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(f.id);
    }
    return sb.toString();
  }
}
