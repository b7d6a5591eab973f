package dev.gantry.sdk.chat;

/**
 * A function the model calls.
 *
 * @param name the function's name
 * @param arguments its arguments, a JSON text (in a stream delta: a fragment)
 */
public record FunctionCall(String name, String arguments) {}
