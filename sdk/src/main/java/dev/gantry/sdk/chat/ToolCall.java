package dev.gantry.sdk.chat;

/**
 * A tool call of an assistant message.
 *
 * @param id the call's id, to answer with {@link ChatMessage#tool(String, String)}
 * @param type always {@code function}
 * @param function the function and its arguments
 */
public record ToolCall(String id, String type, FunctionCall function) {
  /** A function call. */
  public static ToolCall function(String id, String name, String arguments) {
    return new ToolCall(id, "function", new FunctionCall(name, arguments));
  }
}
