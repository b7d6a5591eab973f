package dev.gantry.adapters.spi;

/** What a provider can do; the gateway answers UNSUPPORTED before calling for anything else. */
public enum Capability {
  CHAT,
  CHAT_STREAM,
  TOOLS,
  VISION,
  JSON_SCHEMA,
  LOGPROBS,
  COMPLETIONS,
  EMBEDDINGS,
  IMAGES
}
