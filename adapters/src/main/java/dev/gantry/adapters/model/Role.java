package dev.gantry.adapters.model;

import java.util.Optional;

/** Who wrote a message. {@code DEVELOPER} is OpenAI's newer name for a system instruction. */
public enum Role {
  SYSTEM("system"),
  DEVELOPER("developer"),
  USER("user"),
  ASSISTANT("assistant"),
  TOOL("tool");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  /** The OpenAI wire name. */
  public String wire() {
    return wire;
  }

  /** True for the roles that carry instructions rather than conversation. */
  public boolean isInstruction() {
    return this == SYSTEM || this == DEVELOPER;
  }

  public static Optional<Role> fromWire(String value) {
    for (Role r : values()) {
      if (r.wire.equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
