package dev.gantry.adapters.model;

/**
 * A streamed piece of a tool call. The first delta of a call carries {@code id} and {@code name};
 * later ones carry only argument fragments (null fields are absent).
 *
 * @param index which tool call of the choice this belongs to, counted from 0
 */
public record ToolCallDelta(int index, String id, String name, String arguments) {

  public static ToolCallDelta start(int index, String id, String name, String arguments) {
    return new ToolCallDelta(index, id, name, arguments == null ? "" : arguments);
  }

  public static ToolCallDelta arguments(int index, String fragment) {
    return new ToolCallDelta(index, null, null, fragment);
  }
}
