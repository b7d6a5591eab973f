/**
 * The {@code ollama} provider: an Ollama server through its native API (providers.md §5.2).
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.ollama.OllamaChatTranslator}: canonical chat ↔ {@code POST
 *       /api/chat} (pure).
 *   <li>{@link dev.gantry.adapters.ollama.OllamaStreamDecoder}: the NDJSON stream, one JSON object
 *       per line, into canonical chunks; tool calls arrive whole and get generated {@code call_*}
 *       ids, and an {@code {"error":...}} line under HTTP 200 fails the stream.
 *   <li>{@link dev.gantry.adapters.ollama.OllamaEmbedTranslator}: embeddings ↔ {@code POST
 *       /api/embed} (pure).
 *   <li>{@link dev.gantry.adapters.ollama.OllamaErrors}: {@code {"error":"..."}} bodies onto the
 *       taxonomy; a model that is not pulled is the deployment's fault, not an unknown alias.
 *   <li>{@link dev.gantry.adapters.ollama.OllamaAdapter}: the above over the shared transport,
 *       plus {@code GET /api/tags}.
 * </ul>
 *
 * <p>Ollama's OpenAI-compatible {@code /v1} routes are served by the OpenAI-compatible adapter
 * instead; this package exists for what only the native API gives (thinking, {@code keep_alive},
 * Modelfile options such as {@code num_ctx}).
 */
package dev.gantry.adapters.ollama;
