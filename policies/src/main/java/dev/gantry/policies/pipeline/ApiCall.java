package dev.gantry.policies.pipeline;

import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.config.ModelKind;

/** What a client asked for: one canonical request of one operation. */
public sealed interface ApiCall {

  /** The model alias the client named. */
  String model();

  /** The OpenTelemetry GenAI operation name ({@code gen_ai.operation.name}). */
  String operationName();

  /** The alias kind that can serve this call. */
  ModelKind kind();

  boolean streaming();

  record Chat(ChatRequest request) implements ApiCall {
    @Override
    public String model() {
      return request.model();
    }

    @Override
    public String operationName() {
      return "chat";
    }

    @Override
    public ModelKind kind() {
      return ModelKind.CHAT;
    }

    @Override
    public boolean streaming() {
      return request.stream();
    }
  }

  record Completion(CompletionRequest request) implements ApiCall {
    @Override
    public String model() {
      return request.model();
    }

    @Override
    public String operationName() {
      return "text_completion";
    }

    @Override
    public ModelKind kind() {
      return ModelKind.CHAT;
    }

    @Override
    public boolean streaming() {
      return request.stream();
    }
  }

  record Embeddings(EmbeddingRequest request) implements ApiCall {
    @Override
    public String model() {
      return request.model();
    }

    @Override
    public String operationName() {
      return "embeddings";
    }

    @Override
    public ModelKind kind() {
      return ModelKind.EMBEDDINGS;
    }

    @Override
    public boolean streaming() {
      return false;
    }
  }

  record Images(ImageRequest request) implements ApiCall {
    @Override
    public String model() {
      return request.model();
    }

    @Override
    public String operationName() {
      return "image_generation";
    }

    @Override
    public ModelKind kind() {
      return ModelKind.IMAGES;
    }

    @Override
    public boolean streaming() {
      return false;
    }
  }
}
