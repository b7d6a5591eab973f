package dev.gantry.adapters.bedrock.invoke;

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
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Embeddings through Bedrock {@code InvokeModel} (pure: no I/O, no signing). An OpenAI request
 * becomes one or more calls (a {@link Plan}); their answers are {@linkplain #combine combined}
 * into vectors in input order (providers.md §1.8, §7 item 13).
 *
 * <ul>
 *   <li>Titan v1/v2 and Nova embed one text per call; Cohere takes up to {@value #COHERE_BATCH}.
 *   <li>{@code dimensions}: Titan v2 256|512|1024, Cohere v4 256|512|1024|1536, Nova
 *       256|384|1024|3072; Titan v1 and Cohere v3 have no such knob (UNSUPPORTED).
 *   <li>Request extensions: {@code input_type} (Cohere, default {@code search_document}; also
 *       picks Nova's purpose), {@code truncate} ({@code NONE|START|END}, Cohere and Nova, default
 *       {@code NONE} as OpenAI fails on over-long input), {@code embedding_purpose} (Nova),
 *       {@code normalize} (Titan v2, default true). {@code input_type}, {@code truncate} and
 *       {@code embedding_purpose} may be defaulted by deployment options of the same name.
 *   <li>Usage: Titan's {@code inputTextTokenCount}, else the
 *       {@code x-amzn-bedrock-input-token-count} header, summed over the calls.
 * </ul>
 */
public final class BedrockEmbeddings {

  /** Cohere's limit on texts per call. */
  public static final int COHERE_BATCH = 96;

  private static final Set<Integer> TITAN_V2_DIMENSIONS = Set.of(256, 512, 1024);
  private static final Set<Integer> COHERE_V4_DIMENSIONS = Set.of(256, 512, 1024, 1536);
  private static final Set<Integer> NOVA_DIMENSIONS = Set.of(256, 384, 1024, 3072);
  private static final String[] INPUT_TYPES =
      {"search_document", "search_query", "classification", "clustering"};
  private static final String[] TRUNCATE = {"NONE", "START", "END"};
  private static final String[] NOVA_PURPOSES = {"GENERIC_INDEX", "GENERIC_RETRIEVAL",
      "TEXT_RETRIEVAL", "IMAGE_RETRIEVAL", "VIDEO_RETRIEVAL", "DOCUMENT_RETRIEVAL",
      "AUDIO_RETRIEVAL", "CLASSIFICATION", "CLUSTERING"};

  /**
   * The calls one embeddings request needs.
   *
   * @param requests unsigned InvokeModel requests, to be sent (in any order, or in parallel) and
   *     answered in this order
   * @param counts how many vectors each call returns
   */
  public record Plan(EmbeddingFamily family, List<ProviderHttpRequest> requests,
      List<Integer> counts) {
    public Plan {
      Objects.requireNonNull(family, "family");
      requests = List.copyOf(requests);
      counts = List.copyOf(counts);
      if (requests.size() != counts.size()) {
        throw new IllegalArgumentException("one count per request");
      }
    }
  }

  private BedrockEmbeddings() {}

  /**
   * Plans the calls for one request.
   *
   * @param modelId the deployment's Bedrock model id (foundation model, inference profile, ARN)
   * @param endpoint the runtime endpoint ({@code ProviderSettings.Bedrock.endpointUrl()})
   * @param options the deployment's options ({@code family}, {@code input_type}, ...)
   * @throws GatewayException UNSUPPORTED for token-id input, {@code dimensions} where the family
   *     has none, or an unknown family; INVALID_REQUEST for bad values
   */
  public static Plan plan(EmbeddingRequest request, String modelId, String endpoint,
      Map<String, String> options) {
    if (!(request.input() instanceof EmbeddingInput.Texts)) {
      throw GatewayException.unsupported(
          "Bedrock embedding models take texts; token-id inputs are not supported.", "input");
    }
    List<String> texts = ((EmbeddingInput.Texts) request.input()).texts();
    EmbeddingFamily family = EmbeddingFamily.of(modelId, options);
    Hints hints = new Hints(request.extensions(), options);
    List<ObjectNode> bodies = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    switch (family) {
      case TITAN_V1:
        noDimensions(request, "Titan Text Embeddings v1 always returns 1536 dimensions");
        texts.forEach(t -> bodies.add(InvokeJson.object().put("inputText", t)));
        break;
      case TITAN_V2:
        Integer dimensions = dimensions(request, TITAN_V2_DIMENSIONS, "Titan Text Embeddings v2");
        Boolean normalize = hints.bool("normalize");
        for (String t : texts) {
          ObjectNode body = InvokeJson.object().put("inputText", t);
          if (dimensions != null) {
            body.put("dimensions", dimensions);
          }
          bodies.add(body.put("normalize", normalize == null || normalize));
        }
        break;
      case COHERE_V3:
      case COHERE_V4:
        cohere(request, texts, family, hints, bodies);
        break;
      default:
        nova(request, texts, hints, bodies);
        break;
    }
    List<ProviderHttpRequest> requests = new ArrayList<>(bodies.size());
    for (ObjectNode body : bodies) {
      requests.add(InvokeModel.request(endpoint, modelId, InvokeJson.bytes(body)));
      counts.add(body.has("texts") ? body.get("texts").size() : 1);
    }
    return new Plan(family, requests, counts);
  }

  /**
   * The vectors of a plan's calls, in input order, with their summed usage (null when no call
   * reported a count).
   *
   * @param responses the 2xx answers, one per planned request, in the plan's order (error
   *     statuses go through the adapter's error mapper first)
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
      UpstreamResponse response = responses.get(i);
      JsonNode body = InvokeJson.read(response);
      List<float[]> some = vectors(plan.family(), body);
      if (some.size() != plan.counts().get(i)) {
        throw InvokeJson.malformed("expected " + plan.counts().get(i) + " embeddings, got "
            + some.size());
      }
      vectors.addAll(some);
      JsonNode count = body.get("inputTextTokenCount");
      int used = count != null && count.canConvertToInt() ? count.intValue()
          : InvokeJson.inputTokensHeader(response);
      if (used >= 0) {
        tokens += used;
        counted = true;
      }
    }
    return new EmbeddingResponse(vectors, counted ? Usage.of(tokens, 0) : null);
  }

  private static void cohere(EmbeddingRequest request, List<String> texts, EmbeddingFamily family,
      Hints hints, List<ObjectNode> bodies) {
    Integer dimensions = family == EmbeddingFamily.COHERE_V4
        ? dimensions(request, COHERE_V4_DIMENSIONS, "Cohere Embed v4")
        : noDimensions(request, "Cohere Embed v3 has a fixed output size");
    String inputType = hints.choice("input_type", "search_document", INPUT_TYPES);
    String truncate = hints.choice("truncate", "NONE", TRUNCATE);
    for (int from = 0; from < texts.size(); from += COHERE_BATCH) {
      ObjectNode body = InvokeJson.object();
      ArrayNode batch = body.putArray("texts");
      texts.subList(from, Math.min(texts.size(), from + COHERE_BATCH)).forEach(batch::add);
      body.put("input_type", inputType);
      if (dimensions != null) {
        body.put("output_dimension", dimensions);
      }
      bodies.add(body.put("truncate", truncate));
    }
  }

  private static void nova(EmbeddingRequest request, List<String> texts, Hints hints,
      List<ObjectNode> bodies) {
    Integer dimensions = dimensions(request, NOVA_DIMENSIONS, "Nova multimodal embeddings");
    String inputType = hints.choice("input_type", null, INPUT_TYPES);
    String purpose = hints.choice("embedding_purpose", novaPurpose(inputType), NOVA_PURPOSES);
    String truncate = hints.choice("truncate", "NONE", TRUNCATE);
    for (String t : texts) {
      ObjectNode body = InvokeJson.object().put("taskType", "SINGLE_EMBEDDING");
      ObjectNode params = body.putObject("singleEmbeddingParams");
      params.put("embeddingPurpose", purpose);
      params.putObject("text").put("value", t).put("truncationMode", truncate);
      if (dimensions != null) {
        params.put("embeddingDimension", dimensions);
      }
      bodies.add(body);
    }
  }

  /** Cohere's {@code input_type} as Nova's purpose: documents are indexed, queries retrieve. */
  private static String novaPurpose(String inputType) {
    if (inputType == null || inputType.equals("search_document")) {
      return "GENERIC_INDEX";
    }
    if (inputType.equals("search_query")) {
      return "GENERIC_RETRIEVAL";
    }
    return inputType.equals("classification") ? "CLASSIFICATION" : "CLUSTERING";
  }

  private static Integer dimensions(EmbeddingRequest request, Set<Integer> allowed, String model) {
    Integer dimensions = request.dimensions();
    if (dimensions != null && !allowed.contains(dimensions)) {
      throw GatewayException.invalid("Invalid 'dimensions': " + model + " supports "
          + allowed.stream().sorted().map(String::valueOf)
              .collect(Collectors.joining(", ")) + ".", "dimensions");
    }
    return dimensions;
  }

  private static Integer noDimensions(EmbeddingRequest request, String why) {
    if (request.dimensions() != null) {
      throw GatewayException.unsupported(why + "; 'dimensions' is not supported.", "dimensions");
    }
    return null;
  }

  private static List<float[]> vectors(EmbeddingFamily family, JsonNode body) {
    switch (family) {
      case TITAN_V1:
      case TITAN_V2:
        JsonNode embedding = body.get("embedding");
        return List.of(floats(embedding != null ? embedding
            : body.path("embeddingsByType").get("float")));
      case COHERE_V3:
      case COHERE_V4:
        JsonNode embeddings = body.get("embeddings");
        JsonNode list = embeddings != null && embeddings.isObject()
            ? embeddings.get("float") : embeddings;
        if (list == null || !list.isArray()) {
          throw InvokeJson.malformed("a Cohere answer without float embeddings");
        }
        List<float[]> out = new ArrayList<>(list.size());
        list.forEach(v -> out.add(floats(v)));
        return out;
      default:
        JsonNode items = body.get("embeddings");
        if (items == null || !items.isArray()) {
          throw InvokeJson.malformed("a Nova answer without embeddings");
        }
        List<float[]> nova = new ArrayList<>(items.size());
        items.forEach(item -> nova.add(floats(item.get("embedding"))));
        return nova;
    }
  }

  private static float[] floats(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw InvokeJson.malformed("an embedding that is not an array");
    }
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = array.get(i);
      if (!n.isNumber()) {
        throw InvokeJson.malformed("a non-numeric embedding value");
      }
      v[i] = n.floatValue();
    }
    return v;
  }
}
