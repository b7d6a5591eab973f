package dev.gantry.adapters.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Embeddings through the Open Inference Protocol's {@code POST .../infer} (inference_rest.md; pure:
 * no I/O). The texts go in one BYTES input tensor ({@code input_tensor}, default {@code text}) of
 * shape {@code [n, 1]} (a model that batches, the default) or {@code [n]}; the one output asked for
 * ({@code output_tensor}, default {@code embedding}) must come back as FP16, FP32 or FP64 of shape
 * {@code [n, dim]}, its row-major data (flat, or nested as the spec allows) cut into n vectors. An
 * answer that disagrees with that (another type, shape or element count) is the upstream's fault.
 * The protocol reports no token counts: usage is null, for the gateway to count.
 *
 * <p>Refused: token-id inputs (the model takes text), and {@code dimensions} other than the size
 * the deployment declares in its option {@code dimensions} (the server cannot shorten vectors).
 */
final class TritonEmbeddings {

  private static final Set<String> FLOAT_TYPES = Set.of("FP16", "FP32", "FP64");

  private TritonEmbeddings() {}

  /**
   * The {@code /infer} request.
   *
   * @throws GatewayException UNSUPPORTED for token-id inputs or {@code dimensions} the model does
   *     not produce
   */
  static ProviderHttpRequest request(EmbeddingRequest r, String modelUrl, TritonOptions options) {
    if (!(r.input() instanceof EmbeddingInput.Texts)) {
      throw GatewayException.unsupported(
          "This Triton embedding model takes text, not token ids.", "input");
    }
    if (r.dimensions() != null && !r.dimensions().equals(options.dimensions())) {
      throw GatewayException.unsupported(options.dimensions() == null
          ? "This Triton deployment cannot change the size of its vectors; leave out dimensions."
          : "This Triton deployment returns vectors of " + options.dimensions()
              + " dimensions and cannot shorten them.", "dimensions");
    }
    List<String> texts = ((EmbeddingInput.Texts) r.input()).texts();
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode input = body.putArray("inputs").addObject();
    input.put("name", options.inputTensor());
    ArrayNode shape = input.putArray("shape").add(texts.size());
    if (options.batchedInput()) {
      shape.add(1);
    }
    input.put("datatype", "BYTES");
    ArrayNode data = input.putArray("data");
    texts.forEach(data::add);
    body.putArray("outputs").addObject().put("name", options.outputTensor());
    return TritonApi.post(modelUrl + TritonApi.INFER, body, false);
  }

  /**
   * Reads an {@code /infer} answer into one vector per input, in order.
   *
   * @throws GatewayException UPSTREAM_ERROR when the output is missing or disagrees with the
   *     request
   */
  static EmbeddingResponse read(JsonNode body, int inputs, TritonOptions options) {
    JsonNode output = output(TritonApi.object(body), options.outputTensor());
    String datatype = output.path("datatype").asText("");
    if (!FLOAT_TYPES.contains(datatype)) {
      throw malformed("output " + options.outputTensor() + " is " + datatype
          + ", not FP16, FP32 or FP64");
    }
    JsonNode shape = output.path("shape");
    if (shape.size() != 2 || !shape.get(0).canConvertToInt() || !shape.get(1).canConvertToInt()
        || shape.get(0).asInt() != inputs || shape.get(1).asInt() < 1) {
      throw malformed("output shape " + shape + " is not [" + inputs + ", dimensions]");
    }
    int dimensions = shape.get(1).asInt();
    List<Float> values = new ArrayList<>(inputs * dimensions);
    flatten(output.path("data"), values);
    if (values.size() != inputs * dimensions) {
      throw malformed("output data has " + values.size() + " values for shape " + shape);
    }
    List<float[]> vectors = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      float[] vector = new float[dimensions];
      for (int j = 0; j < dimensions; j++) {
        vector[j] = values.get(i * dimensions + j);
      }
      vectors.add(vector);
    }
    return new EmbeddingResponse(vectors, null);
  }

  private static JsonNode output(JsonNode body, String name) {
    for (JsonNode output : body.path("outputs")) {
      if (name.equals(output.path("name").asText(null))) {
        return output;
      }
    }
    throw malformed("no output tensor named " + name);
  }

  /** Row-major values, given flat or in their natural nesting. */
  private static void flatten(JsonNode data, List<Float> into) {
    if (!data.isArray()) {
      throw malformed("output data is not an array");
    }
    for (JsonNode value : data) {
      if (value.isArray()) {
        flatten(value, into);
      } else if (value.isNumber()) {
        into.add(value.floatValue());
      } else {
        throw malformed("output data holds " + value.getNodeType() + ", not numbers");
      }
    }
  }

  private static GatewayException malformed(String what) {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The Triton server's embeddings do not fit the request: " + what + ".");
  }
}
