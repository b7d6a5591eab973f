/**
 * The {@code triton} provider: an NVIDIA Triton Inference Server, or another server of the KServe
 * Open Inference Protocol v2 (providers.md section 5.3).
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.triton.TritonGenerate}: canonical chat ↔ the generate
 *       extension ({@code /v2/models/<m>/generate}), for TensorRT-LLM and vLLM models (pure); the
 *       prompt is rendered with the model's chat template.
 *   <li>{@link dev.gantry.adapters.triton.TritonStreamDecoder}: {@code /generate_stream}'s
 *       server-sent events, incremental or cumulative text, an error event under HTTP 200.
 *   <li>{@link dev.gantry.adapters.triton.TritonEmbeddings}: embeddings ↔ {@code /infer} with
 *       configurable tensor names (pure).
 *   <li>{@link dev.gantry.adapters.triton.TritonErrors}: {@code {"error": "..."}} onto the
 *       taxonomy.
 *   <li>{@link dev.gantry.adapters.triton.TritonAdapter}: the above over the shared transport.
 * </ul>
 */
package dev.gantry.adapters.triton;
