package dev.gantry.sdk.examples;

import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.embeddings.EmbeddingRequest;
import dev.gantry.sdk.embeddings.EmbeddingResponse;
import dev.gantry.sdk.embeddings.EncodingFormat;
import java.util.List;

/**
 * Finds the document nearest a question by cosine similarity of their embeddings (with the
 * in-process model every Gantry serves as {@code local-embed} by default).
 */
public final class EmbeddingsSearch {

  private EmbeddingsSearch() {}

  public static void main(String[] args) {
    List<String> documents = List.of(
        "Gantry routes OpenAI-style requests to Bedrock, Vertex AI and vLLM.",
        "The cafeteria opens at eight and serves breakfast until ten.",
        "Rate limits count tokens with each model's own tokenizer.");
    String question = args.length > 0 ? args[0] : "How are tokens counted for limits?";
    try (GantryClient client = GantryClient.fromEnv()) {
      EmbeddingRequest.Builder request = EmbeddingRequest.builder().model("local-embed")
          .encodingFormat(EncodingFormat.BASE64).addInput(question);
      documents.forEach(request::addInput);
      EmbeddingResponse e = client.embeddings().create(request.build());
      float[] q = e.vector(0);
      int best = 0;
      double bestScore = -2;
      for (int i = 0; i < documents.size(); i++) {
        double score = cosine(q, e.vector(i + 1));
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      }
      System.out.printf("%.3f %s%n", bestScore, documents.get(best));
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
