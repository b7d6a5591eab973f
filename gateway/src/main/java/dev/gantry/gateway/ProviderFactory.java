package dev.gantry.gateway;

import dev.gantry.adapters.bedrock.BedrockAdapter;
import dev.gantry.adapters.huggingface.HuggingFaceAdapter;
import dev.gantry.adapters.local.LocalEmbeddingAdapter;
import dev.gantry.adapters.ollama.OllamaAdapter;
import dev.gantry.adapters.openaicompat.OpenAiCompatAdapter;
import dev.gantry.adapters.sagemaker.SageMakerAdapter;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.triton.TritonAdapter;
import dev.gantry.adapters.vertex.VertexAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Vertx;
import java.util.Map;

/** Creates the adapter for a configured provider: the one place that knows every provider type. */
final class ProviderFactory {

  private ProviderFactory() {}

  static ProviderAdapter create(Vertx vertx, ProviderSettings settings, Map<String, String> env) {
    switch (settings.type()) {
      case OPENAI:
        return new OpenAiCompatAdapter(vertx, (ProviderSettings.OpenAi) settings, env);
      case OLLAMA:
        return new OllamaAdapter(vertx, (ProviderSettings.Ollama) settings);
      case LOCAL:
        return new LocalEmbeddingAdapter(vertx, (ProviderSettings.Local) settings);
      case BEDROCK:
        return new BedrockAdapter(vertx, (ProviderSettings.Bedrock) settings, env);
      case VERTEX:
        return new VertexAdapter(vertx, (ProviderSettings.Vertex) settings, env);
      case SAGEMAKER:
        return new SageMakerAdapter(vertx, (ProviderSettings.SageMaker) settings, env);
      case HUGGINGFACE:
        return new HuggingFaceAdapter(vertx, (ProviderSettings.HuggingFace) settings, env);
      case TRITON:
        return new TritonAdapter(vertx, (ProviderSettings.Triton) settings, env);
      default:
        throw new IllegalStateException("provider '" + settings.name() + "': type '"
            + settings.type().id() + "' is not available in this build yet");
    }
  }
}
