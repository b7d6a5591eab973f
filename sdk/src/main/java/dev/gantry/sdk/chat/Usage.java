package dev.gantry.sdk.chat;

/**
 * Token counts of a completion.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param totalTokens their sum
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
