/**
 * The {@code openai} provider type: any server that speaks the OpenAI HTTP API (vLLM, SGLang,
 * llama.cpp, TGI's Messages API, LM Studio, Ollama's {@code /v1}, OpenAI, Azure OpenAI). The
 * pure {@link dev.gantry.adapters.openaicompat.OpenAiCompatTranslator} builds requests from the
 * provider's settings, the per-stream decoders normalize server quirks (TGI's repeated roles and
 * tool-call ids, missing usage, error events inside a 200 stream), and
 * {@link dev.gantry.adapters.openaicompat.OpenAiCompatAdapter} wires both to the shared transport.
 * Wire translation itself is the {@code dev.gantry.adapters.openai} codec.
 */
package dev.gantry.adapters.openaicompat;
