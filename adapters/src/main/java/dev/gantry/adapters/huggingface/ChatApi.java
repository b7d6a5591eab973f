package dev.gantry.adapters.huggingface;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Locale;
import java.util.Map;

/**
 * Which route serves a chat deployment: the deployment option {@code api}, else {@link #OPENAI}
 * for the Inference Providers router and {@link #MESSAGES} for everything else.
 */
public enum ChatApi {
  /** TGI's Messages API: OpenAI's body with TGI's grammar as {@code response_format}. */
  MESSAGES,
  /** A plain OpenAI-compatible server: the router, vLLM or SGLang on an Inference Endpoint. */
  OPENAI,
  /**
   * TGI's native {@code /generate} and {@code /generate_stream}, for servers or models without a
   * chat route: the conversation rendered with the model's chat template (deployment option
   * {@code tokenizer_config}).
   */
  GENERATE;

  /** The deployment option naming the route. */
  static final String OPTION = "api";

  /**
   * The route of a deployment.
   *
   * @param router whether the provider's base URL is the Inference Providers router
   * @throws GatewayException INTERNAL (the deployment is misconfigured) for an unknown value
   */
  static ChatApi of(Map<String, String> options, boolean router) {
    String value = options.get(OPTION);
    if (value == null) {
      return router ? OPENAI : MESSAGES;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "messages":
        return MESSAGES;
      case "openai":
        return OPENAI;
      case "generate":
        if (router) {
          throw new GatewayException(ErrorKind.INTERNAL, "The Inference Providers router has no"
              + " /generate route: use api messages or openai there.");
        }
        return GENERATE;
      default:
        throw new GatewayException(ErrorKind.INTERNAL, "The deployment's option api must"
            + " be messages, openai or generate for chat on a Hugging Face provider.");
    }
  }
}
