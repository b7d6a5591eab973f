package dev.gantry.config;

import java.util.Optional;

/** What an alias serves: chat (and legacy text completions), embeddings, or image generation. */
public enum ModelKind {
  CHAT("chat"),
  EMBEDDINGS("embeddings"),
  IMAGES("images");

  private final String id;

  ModelKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<ModelKind> fromId(String id) {
    for (ModelKind k : values()) {
      if (k.id.equals(id)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
