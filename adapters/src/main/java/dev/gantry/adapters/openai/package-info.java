/**
 * The OpenAI wire format, as a pure codec (Jackson, no I/O): reading and validating the
 * requests clients send to the gateway, writing the exact response, chunk and error shapes OpenAI
 * SDKs expect, and the other direction for OpenAI-compatible upstreams (vLLM, SGLang, llama.cpp,
 * TGI's Messages API, LM Studio, Ollama's {@code /v1}, OpenAI, Azure OpenAI). One facade per API
 * ({@link dev.gantry.adapters.openai.OpenAiChat}, {@link dev.gantry.adapters.openai.OpenAiEmbeddings},
 * {@link dev.gantry.adapters.openai.OpenAiImages}, {@link dev.gantry.adapters.openai.OpenAiCompletions})
 * plus {@link dev.gantry.adapters.openai.OpenAiErrors}; writers use a streaming
 * {@code JsonGenerator} into a Vert.x buffer. Stream state (which role or tool-call id was already
 * sent) is not kept here but in the caller's decoder.
 */
package dev.gantry.adapters.openai;
