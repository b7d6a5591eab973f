/**
 * Claude on Vertex AI (Model Garden partner model; providers.md §3.3): the Anthropic Messages API
 * reached through {@code POST {locationUrl}/publishers/anthropic/models/{model}:rawPredict} and
 * {@code :streamRawPredict}. Everything here is pure: requests are built unauthenticated (the
 * adapter adds the OAuth bearer) and answers are read without I/O.
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.vertex.anthropic.AnthropicTranslator}: canonical chat request →
 *       Messages body (no {@code model}, {@code anthropic_version} in the body), and a Messages
 *       answer → canonical response.
 *   <li>{@link dev.gantry.adapters.vertex.anthropic.AnthropicStreamDecoder}: the Messages SSE
 *       events → canonical chunks.
 *   <li>{@link dev.gantry.adapters.vertex.anthropic.AnthropicErrors}: Anthropic's error types
 *       (in a body or a stream {@code error} event) → the error taxonomy.
 * </ul>
 */
package dev.gantry.adapters.vertex.anthropic;
