package dev.gantry.adapters.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TEI's native embeddings route, {@code POST /embed} (pure; providers.md §4.3, TEI
 * {@code docs/openapi.json}): {@code {inputs, normalize?, truncate?, truncation_direction?,
 * prompt_name?, dimensions?}} in, a bare array of float arrays out.
 *
 * <p>Inputs go in batches of at most TEI's {@code max_client_batch_size} (it answers 413
 * beyond). Texts and token-id arrays are both accepted by TEI. Of the request's extensions,
 * {@code truncate} and {@code normalize} (booleans), {@code truncation_direction}
 * ({@code left|right}) and {@code prompt_name} (a string) are passed on; other extensions are not
 * TEI's and are left out. The body has no usage: TEI reports the input tokens it computed in the
 * {@code x-compute-tokens} response header, which becomes the prompt tokens when every batch
 * carries it.
 */
final class TeiEmbed {

  static final String PATH = "/embed";
  static final String COMPUTE_TOKENS = "x-compute-tokens";

  private TeiEmbed() {}

  /**
   * The request bodies, one per batch, in input order.
   *
   * @param batchSize the most inputs per body; 0 for all in one
   * @throws GatewayException INVALID_REQUEST for a knob of the wrong type
   */
  static List<Buffer> bodies(EmbeddingRequest r, int batchSize) {
    Knobs knobs = Knobs.of(r);
    int size = r.input().size();
    int step = batchSize > 0 ? batchSize : size;
    List<Buffer> bodies = new ArrayList<>((size + step - 1) / step);
    for (int from = 0; from < size; from += step) {
      bodies.add(body(r, from, Math.min(size, from + step), knobs));
    }
    return bodies;
  }

  /** The sizes of the batches {@link #bodies} makes, in order. */
  static List<Integer> batchSizes(int inputs, int batchSize) {
    int step = batchSize > 0 ? batchSize : inputs;
    List<Integer> sizes = new ArrayList<>();
    for (int from = 0; from < inputs; from += step) {
      sizes.add(Math.min(step, inputs - from));
    }
    return sizes;
  }

  /**
   * Reads one batch's answer.
   *
   * @param expected how many inputs the batch carried: TEI must return as many vectors
   * @throws GatewayException UPSTREAM_ERROR when the body is not that many float arrays
   */
  static EmbeddingResponse read(UpstreamResponse response, int expected) {
    JsonNode body = Json.parseUpstream(response.body());
    if (!body.isArray() || body.size() != expected) {
      throw UpstreamErrors.malformed(new IllegalStateException("expected " + expected
          + " embeddings, got " + (body.isArray() ? body.size() + "" : "no array")));
    }
    List<float[]> vectors = new ArrayList<>(expected);
    for (JsonNode embedding : body) {
      vectors.add(OpenAiEmbeddings.floats(embedding));
    }
    return new EmbeddingResponse(vectors, usage(response));
  }

  /** The batches' vectors in order; usage summed when every batch reported it, else null. */
  static EmbeddingResponse combine(List<EmbeddingResponse> batches) {
    List<float[]> vectors = new ArrayList<>();
    Usage usage = Usage.ZERO;
    for (EmbeddingResponse batch : batches) {
      vectors.addAll(batch.vectors());
      usage = usage == null || batch.usage() == null ? null : usage.plus(batch.usage());
    }
    return new EmbeddingResponse(vectors, usage);
  }

  private static Buffer body(EmbeddingRequest r, int from, int to, Knobs knobs) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("inputs");
      if (r.input() instanceof EmbeddingInput.Texts) {
        for (String text : ((EmbeddingInput.Texts) r.input()).texts().subList(from, to)) {
          g.writeString(text);
        }
      } else {
        for (int[] ids : ((EmbeddingInput.TokenIds) r.input()).inputs().subList(from, to)) {
          g.writeArray(ids, 0, ids.length);
        }
      }
      g.writeEndArray();
      if (knobs.normalize() != null) {
        g.writeBooleanField("normalize", knobs.normalize());
      }
      if (knobs.truncate() != null) {
        g.writeBooleanField("truncate", knobs.truncate());
      }
      if (knobs.truncationDirection() != null) {
        g.writeStringField("truncation_direction", knobs.truncationDirection());
      }
      if (knobs.promptName() != null) {
        g.writeStringField("prompt_name", knobs.promptName());
      }
      if (r.dimensions() != null) {
        g.writeNumberField("dimensions", r.dimensions());
      }
      g.writeEndObject();
    });
  }

  private static Usage usage(UpstreamResponse response) {
    String tokens = response.headers().get(COMPUTE_TOKENS);
    if (tokens == null) {
      return null;
    }
    try {
      int count = Integer.parseInt(tokens.trim());
      return count >= 0 ? Usage.of(count, 0) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }


  /** TEI's options, from the request's extensions; each null when not given. */
  private record Knobs(Boolean normalize, Boolean truncate, String truncationDirection,
      String promptName) {

    static Knobs of(EmbeddingRequest r) {
      return new Knobs(bool(r, "normalize"), bool(r, "truncate"), direction(r),
          string(r, "prompt_name"));
    }

    private static Boolean bool(EmbeddingRequest r, String name) {
      JsonNode value = r.extensions().get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isBoolean()) {
        throw GatewayException.invalid("`" + name + "` must be a boolean.", name);
      }
      return value.booleanValue();
    }

    private static String string(EmbeddingRequest r, String name) {
      JsonNode value = r.extensions().get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual() || value.textValue().isEmpty()) {
        throw GatewayException.invalid("`" + name + "` must be a non-empty string.", name);
      }
      return value.textValue();
    }

    /** TEI's enum is {@code Left|Right}; the client may write it in any case. */
    private static String direction(EmbeddingRequest r) {
      String value = string(r, "truncation_direction");
      if (value == null) {
        return null;
      }
      switch (value.toLowerCase(Locale.ROOT)) {
        case "left":
          return "Left";
        case "right":
          return "Right";
        default:
          throw GatewayException.invalid("`truncation_direction` must be left or right.",
              "truncation_direction");
      }
    }
  }
}
