/**
 * Chat completions ({@code POST /v1/chat/completions}): the request builder and message types,
 * the response records, streaming ({@link dev.gantry.sdk.chat.ChatStream} and a
 * {@link java.util.concurrent.Flow.Publisher}) and {@link dev.gantry.sdk.chat.ChatAccumulator}.
 */
package dev.gantry.sdk.chat;
