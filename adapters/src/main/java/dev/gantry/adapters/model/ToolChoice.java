package dev.gantry.adapters.model;

import java.util.Objects;

/**
 * How the model may use tools.
 *
 * @param function the forced function's name when {@code mode} is {@link Mode#FUNCTION}, else null
 */
public record ToolChoice(Mode mode, String function) {

  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  public enum Mode { AUTO, NONE, REQUIRED, FUNCTION }

  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.FUNCTION) != (function != null)) {
      throw new IllegalArgumentException("a function name is given exactly when mode is FUNCTION");
    }
  }

  public static ToolChoice function(String name) {
    return new ToolChoice(Mode.FUNCTION, name);
  }
}
