package dev.gantry.config;

import java.util.Objects;

/**
 * A group of keys sharing limits (config {@code teams}).
 */
public record Team(String name, Limits limits) {

  public Team {
    Objects.requireNonNull(name, "name");
    limits = limits == null ? Limits.NONE : limits;
  }
}
