package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Locale;
import java.util.Map;

/**
 * Which TEI route serves an embeddings deployment: the deployment option {@code api}, by default
 * {@link #EMBED} (TEI's native route, which batches by the server's limit and takes TEI's
 * {@code truncate}/{@code normalize}).
 */
public enum EmbedApi {
  /** {@code POST /embed}: a bare array of vectors, input tokens in a response header. */
  EMBED,
  /** {@code POST /v1/embeddings}: OpenAI's shape, usage in the body. */
  OPENAI;

  /**
   * The route of a deployment.
   *
   * @throws GatewayException INTERNAL (the deployment is misconfigured) for an unknown value
   */
  static EmbedApi of(Map<String, String> options) {
    String value = options.get(ChatApi.OPTION);
    if (value == null) {
      return EMBED;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "embed":
        return EMBED;
      case "openai":
        return OPENAI;
      default:
        throw new GatewayException(ErrorKind.INTERNAL, "The deployment's option api must"
            + " be embed or openai for embeddings on a Hugging Face provider.");
    }
  }
}
