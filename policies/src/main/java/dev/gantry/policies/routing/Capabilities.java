package dev.gantry.policies.routing;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.policies.pipeline.ApiCall;
import java.util.Set;

/** Whether a deployment's provider can do what a call asks. */
final class Capabilities {

  private Capabilities() {}

  /** Null when it can; else the {@code unsupported_feature} error naming what it lacks. */
  static GatewayException check(ApiCall call, Set<Capability> caps) {
    if (call instanceof ApiCall.Chat) {
      ChatRequest r = ((ApiCall.Chat) call).request();
      return first(
          require(caps, Capability.CHAT, "chat completions", "model"),
          r.stream() ? require(caps, Capability.CHAT_STREAM, "streaming", "stream") : null,
          r.tools().isEmpty() ? null : require(caps, Capability.TOOLS, "tools", "tools"),
          r.hasImages() ? require(caps, Capability.VISION, "image inputs", "messages") : null,
          r.responseFormat() != null && r.responseFormat().type() == ResponseFormat.Type.JSON_SCHEMA
              ? require(caps, Capability.JSON_SCHEMA, "response_format json_schema",
                  "response_format") : null,
          r.params().wantsLogprobs() ? require(caps, Capability.LOGPROBS, "logprobs", "logprobs")
              : null);
    }
    if (call instanceof ApiCall.Completion) {
      return require(caps, Capability.COMPLETIONS, "text completions (/v1/completions)", "model");
    }
    if (call instanceof ApiCall.Embeddings) {
      return require(caps, Capability.EMBEDDINGS, "embeddings", "model");
    }
    return require(caps, Capability.IMAGES, "image generation", "model");
  }

  private static GatewayException first(GatewayException... errors) {
    for (GatewayException e : errors) {
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  private static GatewayException require(Set<Capability> caps, Capability needed, String what,
      String param) {
    return caps.contains(needed) ? null : GatewayException.unsupported(
        "The deployment serving this model does not support " + what + ".", param);
  }
}
