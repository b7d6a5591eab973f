package dev.gantry.config;

import java.util.Optional;

/** The provider kinds Gantry can talk to; the {@code type} discriminator of a provider entry. */
public enum ProviderType {
  /** Any OpenAI-compatible server: vLLM, SGLang, llama.cpp, TGI Messages, LM Studio, OpenAI, Azure. */
  OPENAI("openai"),
  /** Ollama's native API. */
  OLLAMA("ollama"),
  /** An embedding model run inside the gateway process. */
  LOCAL("local"),
  /** Amazon Bedrock Runtime (Converse, ConverseStream, InvokeModel), SigV4 or API-key auth. */
  BEDROCK("bedrock"),
  /** Google Vertex AI: Gemini, Model Garden partner (Claude) and open (MaaS) models, endpoints. */
  VERTEX("vertex"),
  /**
   * Hugging Face: TGI and TEI servers, Inference Endpoints (dedicated) and the Inference Providers
   * router.
   */
  HUGGINGFACE("huggingface"),
  /** Amazon SageMaker real-time endpoints (TGI/LMI containers), SigV4 auth. */
  SAGEMAKER("sagemaker"),
  /**
   * NVIDIA Triton Inference Server (KServe Open Inference Protocol v2): the generate extension for
   * LLMs (TensorRT-LLM and vLLM backends), {@code infer} for embedding models.
   */
  TRITON("triton");

  private final String id;

  ProviderType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<ProviderType> fromId(String id) {
    for (ProviderType t : values()) {
      if (t.id.equals(id)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
