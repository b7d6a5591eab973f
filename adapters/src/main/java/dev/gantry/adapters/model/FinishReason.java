package dev.gantry.adapters.model;

import java.util.Optional;

/** Why a choice stopped, in OpenAI's vocabulary; each provider maps its own reasons onto these. */
public enum FinishReason {
  STOP("stop"),
  LENGTH("length"),
  TOOL_CALLS("tool_calls"),
  CONTENT_FILTER("content_filter"),
  FUNCTION_CALL("function_call");

  private final String wire;

  FinishReason(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<FinishReason> fromWire(String value) {
    for (FinishReason r : values()) {
      if (r.wire.equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
