package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.Fields.index;
import static dev.gantry.adapters.openai.Fields.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The OpenAI embeddings wire format, both directions. {@code encoding_format: base64} means the
 * little-endian float32 bytes of each vector, base64-encoded; the gateway always asks upstream
 * for floats and encodes for the client itself, but reads either form back.
 */
public final class OpenAiEmbeddings {

  /** OpenAI's limit on inputs per request. */
  static final int MAX_INPUTS = 2048;

  private static final Set<String> FIELDS =
      Set.of("model", "input", "dimensions", "encoding_format", "user");

  private OpenAiEmbeddings() {}

  /**
   * Client request → canonical: {@code input} is a non-empty string, strings, token ids or arrays
   * of token ids; {@code dimensions} > 0; {@code encoding_format} {@code float|base64}.
   */
  public static EmbeddingRequest readRequest(JsonNode body) {
    Fields.requireObject(body, "");
    String model = Fields.requiredNonEmpty(body, "model", "");
    EmbeddingInput input = input(body);
    Integer dimensions = Fields.optInt(body, "dimensions", "", 1, Integer.MAX_VALUE);
    Fields.optOneOf(body, "encoding_format", "", "float", "base64");
    return new EmbeddingRequest(model, input, dimensions, Fields.optString(body, "user", ""),
        Fields.extensions(body, FIELDS));
  }

  /** True when the client asked for base64 vectors (call after {@link #readRequest} passed). */
  public static boolean wantsBase64(JsonNode body) {
    return "base64".equals(body.path("encoding_format").asText());
  }

  /** Canonical → the client's {@code list} of embeddings. */
  public static Buffer writeResponse(EmbeddingResponse r, String model, boolean base64) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      List<float[]> vectors = r.vectors();
      for (int i = 0; i < vectors.size(); i++) {
        g.writeStartObject();
        g.writeStringField("object", "embedding");
        g.writeNumberField("index", i);
        float[] v = vectors.get(i);
        if (base64) {
          g.writeStringField("embedding", toBase64(v));
        } else {
          g.writeArrayFieldStart("embedding");
          for (float f : v) {
            g.writeNumber(f);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("model", model);
      int prompt = r.usage() == null ? 0 : r.usage().promptTokens();
      g.writeObjectFieldStart("usage");
      g.writeNumberField("prompt_tokens", prompt);
      g.writeNumberField("total_tokens", prompt);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** Canonical → the upstream body, always with {@code encoding_format: float}. */
  public static Buffer writeRequest(EmbeddingRequest r, String upstreamModel) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model", upstreamModel);
      g.writeArrayFieldStart("input");
      if (r.input() instanceof EmbeddingInput.Texts) {
        for (String t : ((EmbeddingInput.Texts) r.input()).texts()) {
          g.writeString(t);
        }
      } else {
        for (int[] ids : ((EmbeddingInput.TokenIds) r.input()).inputs()) {
          g.writeArray(ids, 0, ids.length);
        }
      }
      g.writeEndArray();
      g.writeStringField("encoding_format", "float");
      Json.numberField(g, "dimensions", r.dimensions());
      Json.stringField(g, "user", r.user());
      Json.extensions(g, r.extensions(), FIELDS);
      g.writeEndObject();
    });
  }

  /**
   * {@link #readResponse(JsonNode)} for a request of {@code inputs} inputs.
   *
   * @throws GatewayException UPSTREAM_ERROR when the upstream returned another number of vectors
   */
  public static EmbeddingResponse readResponse(JsonNode body, int inputs) {
    EmbeddingResponse response = readResponse(body);
    if (response.vectors().size() != inputs) {
      throw ResponseParts.malformed(response.vectors().size() + " embeddings for " + inputs
          + " inputs");
    }
    return response;
  }

  /** Upstream list → vectors ordered by {@code index}; each a float array or a base64 string. */
  public static EmbeddingResponse readResponse(JsonNode body) {
    ResponseParts.checkNotError(body);
    JsonNode data = body.get("data");
    if (data == null || !data.isArray()) {
      throw ResponseParts.malformed("an embeddings list without data");
    }
    float[][] byIndex = new float[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      int at = item.path("index").asInt(i);
      if (at < 0 || at >= byIndex.length || byIndex[at] != null) {
        throw ResponseParts.malformed("embedding indexes that are not 0..n-1");
      }
      byIndex[at] = vector(item.get("embedding"));
    }
    JsonNode usage = body.get("usage");
    Usage u = usage == null || !usage.isObject() ? null
        : Usage.of(usage.path("prompt_tokens").asInt(usage.path("total_tokens").asInt(0)), 0);
    return new EmbeddingResponse(List.of(byIndex), u);
  }

  private static EmbeddingInput input(JsonNode body) {
    JsonNode input = present(body, "input");
    if (input == null) {
      throw Fields.missing("input");
    }
    if (input.isTextual()) {
      if (input.textValue().isEmpty()) {
        throw emptyInput("input");
      }
      return new EmbeddingInput.Texts(List.of(input.textValue()));
    }
    if (!input.isArray()) {
      throw Fields.type("input", "a string or an array", input);
    }
    if (input.isEmpty()) {
      throw Fields.emptyArray("input");
    }
    if (input.size() > MAX_INPUTS) {
      throw GatewayException.invalid("Invalid 'input': array too long. Expected an array with "
          + "maximum length " + MAX_INPUTS + ", but got an array with length " + input.size()
          + " instead.", "input");
    }
    JsonNode first = input.get(0);
    if (first.isTextual()) {
      List<String> texts = new ArrayList<>(input.size());
      for (int i = 0; i < input.size(); i++) {
        JsonNode s = input.get(i);
        if (!s.isTextual()) {
          throw Fields.type(index("input", i), "a string", s);
        }
        if (s.textValue().isEmpty()) {
          throw emptyInput(index("input", i));
        }
        texts.add(s.textValue());
      }
      return new EmbeddingInput.Texts(texts);
    }
    if (first.isIntegralNumber()) {
      return new EmbeddingInput.TokenIds(List.of(tokenIds(input, "input")));
    }
    List<int[]> inputs = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      JsonNode ids = input.get(i);
      if (!ids.isArray()) {
        throw Fields.type(index("input", i), "an array of integers", ids);
      }
      if (ids.isEmpty()) {
        throw Fields.emptyArray(index("input", i));
      }
      inputs.add(tokenIds(ids, index("input", i)));
    }
    return new EmbeddingInput.TokenIds(inputs);
  }

  private static int[] tokenIds(JsonNode array, String path) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw Fields.type(index(path, i), "a non-negative integer token id", id);
      }
      ids[i] = id.intValue();
    }
    return ids;
  }

  private static GatewayException emptyInput(String path) {
    return GatewayException.invalid("Invalid '" + path + "': the input must not be empty.", path);
  }

  private static float[] vector(JsonNode embedding) {
    if (embedding != null && embedding.isTextual()) {
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.textValue()))
          .order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(v);
      return v;
    }
    return floats(embedding);
  }

  /**
   * An upstream's embedding given as a JSON array of numbers (OpenAI's {@code float} encoding,
   * Ollama's and TEI's vectors).
   *
   * @throws GatewayException UPSTREAM_ERROR when it is not an array of numbers
   */
  public static float[] floats(JsonNode embedding) {
    if (embedding == null || !embedding.isArray()) {
      throw ResponseParts.malformed("an embedding that is not an array of numbers");
    }
    float[] v = new float[embedding.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode value = embedding.get(i);
      if (!value.isNumber()) {
        throw ResponseParts.malformed("a non-numeric embedding value");
      }
      v[i] = value.floatValue();
    }
    return v;
  }


  private static String toBase64(float[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
