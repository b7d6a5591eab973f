/**
 * The {@code vertex} provider: Google Vertex AI (providers.md §3). This package holds the Gemini
 * chat part, pure and unauthenticated:
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.vertex.GeminiTranslator}: OpenAI chat ↔
 *       {@code publishers/google/models/{model}:generateContent} and
 *       {@code :streamGenerateContent?alt=sse}; concept mappers beside it (contents, generation
 *       config and tools, tool-call ids with thought signatures, usage and finish reasons).
 *   <li>{@link dev.gantry.adapters.vertex.GeminiStreamDecoder}: SSE events into canonical chunks.
 *   <li>{@link dev.gantry.adapters.vertex.VertexErrors}: {@code google.rpc.Status} errors of every
 *       Vertex API, in HTTP responses and inside streams, onto the taxonomy.
 * </ul>
 *
 * <p>Auth, partner models and {@code :predict} APIs live in sub-packages of their own.
 */
package dev.gantry.adapters.vertex;
