package dev.gantry.adapters.vertex.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text embeddings through Vertex {@code :predict} (providers.md §3.6; pure: no I/O, no auth). An
 * OpenAI request becomes one or more calls (a {@link Plan}) whose answers are
 * {@linkplain #combine combined} into vectors in input order.
 *
 * <ul>
 *   <li>Body: {@code {instances:[{content, task_type?}], parameters?:{outputDimensionality?,
 *       autoTruncate?}}}.
 *   <li>Batching: gemini-embedding-001 takes one instance per call, so a request fans out into
 *       one call per text; other models take up to {@value #MAX_BATCH} per call (Vertex "Get text
 *       embeddings" page: "each request is limited to 250 input texts"; its 20,000-token limit
 *       per request is not checked here and comes back as a 400).
 *   <li>{@code dimensions} → {@code outputDimensionality} (must be positive; the model checks
 *       its own maximum, 768 or 3072).
 *   <li>Request extensions, defaulted by deployment options of the same name: {@code task_type}
 *       (RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, ...; none sent when neither says) and
 *       {@code auto_truncate} (boolean; Vertex truncates by default, {@code false} fails on
 *       over-long input as OpenAI does).
 *   <li>Usage: the sum of {@code statistics.token_count} over all predictions.
 * </ul>
 */
public final class VertexEmbeddings {

  /** Texts per call for the models that batch. */
  public static final int MAX_BATCH = 250;

  private static final String[] TASK_TYPES = {"RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT",
      "SEMANTIC_SIMILARITY", "CLASSIFICATION", "CLUSTERING", "QUESTION_ANSWERING",
      "FACT_VERIFICATION", "CODE_RETRIEVAL_QUERY"};

  /**
   * The calls one embeddings request needs.
   *
   * @param requests unauthenticated {@code :predict} requests, to be sent (in any order, or in
   *     parallel) and answered in this order
   * @param counts how many vectors each call returns
   */
  public record Plan(List<ProviderHttpRequest> requests, List<Integer> counts) {
    public Plan {
      requests = List.copyOf(requests);
      counts = List.copyOf(counts);
      if (requests.size() != counts.size()) {
        throw new IllegalArgumentException("one count per request");
      }
    }
  }

  private VertexEmbeddings() {}

  /**
   * Plans the calls for one request.
   *
   * @param locationUrl {@code https://{L}-aiplatform.googleapis.com/v1/projects/{P}/locations/{L}}
   *     (or the global form)
   * @param model the publisher model, e.g. {@code text-embedding-005}
   * @param options the deployment's options ({@code task_type}, {@code auto_truncate})
   * @throws GatewayException UNSUPPORTED for token-id input; INVALID_REQUEST for bad values
   */
  public static Plan plan(EmbeddingRequest request, String locationUrl, String model,
      Map<String, String> options) {
    if (!(request.input() instanceof EmbeddingInput.Texts)) {
      throw GatewayException.unsupported(
          "Vertex embedding models take texts; token-id inputs are not supported.", "input");
    }
    List<String> texts = ((EmbeddingInput.Texts) request.input()).texts();
    String taskType = PredictJson.choice(request.extensions(), options, "task_type", TASK_TYPES);
    Boolean autoTruncate = PredictJson.bool(request.extensions(), options, "auto_truncate");
    if (request.dimensions() != null && request.dimensions() < 1) {
      throw GatewayException.invalid("Invalid 'dimensions': must be at least 1.", "dimensions");
    }
    int batch = model.startsWith("gemini-embedding") ? 1 : MAX_BATCH;
    List<ProviderHttpRequest> requests = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += batch) {
      List<String> some = texts.subList(from, Math.min(texts.size(), from + batch));
      ObjectNode body = PredictJson.object();
      ArrayNode instances = body.putArray("instances");
      for (String text : some) {
        ObjectNode instance = instances.addObject().put("content", text);
        if (taskType != null) {
          instance.put("task_type", taskType);
        }
      }
      if (request.dimensions() != null || autoTruncate != null) {
        ObjectNode parameters = body.putObject("parameters");
        if (request.dimensions() != null) {
          parameters.put("outputDimensionality", request.dimensions());
        }
        if (autoTruncate != null) {
          parameters.put("autoTruncate", autoTruncate);
        }
      }
      requests.add(PredictJson.request(locationUrl, model, body));
      counts.add(some.size());
    }
    return new Plan(requests, counts);
  }

  /**
   * The vectors of a plan's calls, in input order, with their summed usage (null when no
   * prediction reported a token count).
   *
   * @param responses the 2xx answers, one per planned request, in the plan's order
   * @throws GatewayException UPSTREAM_ERROR when an answer cannot be read or holds the wrong
   *     number of vectors
   */
  public static EmbeddingResponse combine(Plan plan, List<UpstreamResponse> responses) {
    if (responses.size() != plan.requests().size()) {
      throw new IllegalArgumentException("expected " + plan.requests().size()
          + " responses, got " + responses.size());
    }
    List<float[]> vectors = new ArrayList<>();
    int tokens = 0;
    boolean counted = false;
    for (int i = 0; i < responses.size(); i++) {
      JsonNode predictions = PredictJson.predictions(responses.get(i));
      if (predictions.size() != plan.counts().get(i)) {
        throw PredictJson.malformed("expected " + plan.counts().get(i) + " embeddings, got "
            + predictions.size());
      }
      for (JsonNode prediction : predictions) {
        JsonNode embeddings = prediction.path("embeddings");
        vectors.add(floats(embeddings.get("values")));
        JsonNode count = embeddings.path("statistics").get("token_count");
        if (count != null && count.isNumber()) {
          tokens += count.intValue();
          counted = true;
        }
      }
    }
    return new EmbeddingResponse(vectors, counted ? Usage.of(tokens, 0) : null);
  }

  private static float[] floats(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw PredictJson.malformed("a prediction without embeddings.values");
    }
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = array.get(i);
      if (!n.isNumber()) {
        throw PredictJson.malformed("a non-numeric embedding value");
      }
      v[i] = n.floatValue();
    }
    return v;
  }
}
