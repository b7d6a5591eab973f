/**
 * The {@code local} provider: models run inside the gateway, with no other service and nothing
 * downloaded at run time. Today one embedding model, all-MiniLM-L6-v2 (quantized, 384 dimensions),
 * run with ONNX Runtime and the Hugging Face tokenizer from their classpath resources
 * ({@link dev.gantry.adapters.local.MiniLmEmbedder}, blocking), served through
 * {@link dev.gantry.adapters.local.LocalEmbeddingAdapter}, which does all its blocking work on the
 * {@code gantry-local} worker pool.
 */
package dev.gantry.adapters.local;
