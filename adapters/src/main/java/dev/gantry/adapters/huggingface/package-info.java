/**
 * The {@code huggingface} provider type: TGI (chat through its Messages API) and TEI (embeddings
 * through {@code /embed} or {@code /v1/embeddings}) servers, Hugging Face Inference Endpoints
 * (with the 503s of scale-to-zero retried within the request's deadline, and an optional
 * keep-warm ping), and the Inference Providers router. The pure
 * {@link dev.gantry.adapters.huggingface.HuggingFaceTranslator} builds requests (reusing the
 * {@code openaicompat} translator for the OpenAI-shaped routes),
 * {@link dev.gantry.adapters.huggingface.HuggingFaceErrors} maps TGI's and TEI's errors, and
 * {@link dev.gantry.adapters.huggingface.HuggingFaceAdapter} wires them to the shared transport.
 */
package dev.gantry.adapters.huggingface;
