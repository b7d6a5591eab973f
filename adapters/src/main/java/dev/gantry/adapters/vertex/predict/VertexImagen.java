package dev.gantry.adapters.vertex.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Image generation with Imagen through Vertex {@code :predict} (providers.md §3.7; pure: no I/O,
 * no auth). One call per request.
 *
 * <ul>
 *   <li>Body: {@code {instances:[{prompt}], parameters:{sampleCount, aspectRatio?,
 *       negativePrompt?, seed?, outputOptions?:{mimeType}}}}; {@code n} is {@code sampleCount}
 *       (1 to {@value #MAX_SAMPLES}).
 *   <li>{@code size} {@code WxH} must reduce to one of Imagen's aspect ratios (1:1, 3:4, 4:3, 9:16,
 *       16:9), which is sent (the model picks the pixels); {@code auto} sends none. The request
 *       extension {@code aspect_ratio} names the ratio directly and wins.
 *   <li>{@code output_format} png|jpeg → {@code outputOptions.mimeType}; webp is UNSUPPORTED, as
 *       are {@code quality}, {@code style} and {@code response_format: url} (bytes only).
 *   <li>Request extensions: {@code negative_prompt}, {@code seed} (0 to 2^32-1).
 *   <li>Answers: each {@code bytesBase64Encoded} prediction is an image with its
 *       {@code mimeType}; filtered images ({@code raiFilteredReason}) are dropped, so there may be
 *       fewer images than asked; when none is left, CONTENT_FILTERED.
 * </ul>
 */
public final class VertexImagen {

  /** Imagen's limit on {@code sampleCount}. */
  public static final int MAX_SAMPLES = 4;

  private static final long MAX_SEED = 4_294_967_295L;
  private static final String[] RATIOS = {"1:1", "3:4", "4:3", "9:16", "16:9"};

  private VertexImagen() {}

  /**
   * Builds the unauthenticated request.
   *
   * @param locationUrl {@code https://{L}-aiplatform.googleapis.com/v1/projects/{P}/locations/{L}}
   * @param model e.g. {@code imagen-3.0-generate-002}
   * @param options the deployment's options ({@code aspect_ratio} default)
   * @throws GatewayException INVALID_REQUEST for values Imagen cannot take, UNSUPPORTED for
   *     features it lacks
   */
  public static ProviderHttpRequest toRequest(ImageRequest request, String locationUrl,
      String model, Map<String, String> options) {
    ObjectNode extensions = request.extensions();
    if ("url".equals(PredictJson.choice(extensions, Map.of(), "response_format", "url",
        "b64_json"))) {
      throw GatewayException.unsupported("Imagen on Vertex returns the image bytes; use "
          + "response_format 'b64_json'.", "response_format");
    }
    if (request.n() < 1 || request.n() > MAX_SAMPLES) {
      throw GatewayException.invalid("Invalid 'n': Imagen makes 1 to " + MAX_SAMPLES
          + " images per request.", "n");
    }
    if (request.quality() != null && !request.quality().equals("auto")) {
      throw GatewayException.unsupported("Imagen has no 'quality' setting; pick the model "
          + "instead.", "quality");
    }
    if (request.style() != null) {
      throw GatewayException.unsupported("Imagen has no 'style' setting.", "style");
    }
    ObjectNode body = PredictJson.object();
    body.putArray("instances").addObject().put("prompt", request.prompt());
    ObjectNode parameters = body.putObject("parameters").put("sampleCount", request.n());
    String ratio = PredictJson.choice(extensions, options, "aspect_ratio", RATIOS);
    if (ratio == null) {
      ratio = aspectRatio(request.size());
    }
    if (ratio != null) {
      parameters.put("aspectRatio", ratio);
    }
    JsonNode negative = extensions.get("negative_prompt");
    if (negative != null && !negative.isNull()) {
      if (!negative.isTextual()) {
        throw GatewayException.invalid("Invalid 'negative_prompt': expected a string.",
            "negative_prompt");
      }
      parameters.put("negativePrompt", negative.textValue());
    }
    JsonNode seed = extensions.get("seed");
    if (seed != null && !seed.isNull()) {
      if (!seed.isIntegralNumber() || !seed.canConvertToLong() || seed.longValue() < 0
          || seed.longValue() > MAX_SEED) {
        throw GatewayException.invalid("Invalid 'seed': expected an integer from 0 to " + MAX_SEED
            + ".", "seed");
      }
      parameters.put("seed", seed.longValue());
    }
    String format = request.outputFormat();
    if (format != null) {
      if (!format.equals("png") && !format.equals("jpeg")) {
        throw GatewayException.unsupported("Imagen returns png or jpeg.", "output_format");
      }
      parameters.putObject("outputOptions").put("mimeType", "image/" + format);
    }
    return PredictJson.request(locationUrl, model, body);
  }

  /**
   * The images of a 2xx answer, filtered ones dropped.
   *
   * @throws GatewayException CONTENT_FILTERED when every image was filtered (or none came);
   *     UPSTREAM_ERROR when the answer cannot be read
   */
  public static ImageResponse fromResponse(UpstreamResponse response) {
    List<ImageResponse.Image> images = new ArrayList<>();
    for (JsonNode prediction : PredictJson.predictions(response)) {
      String b64 = text(prediction, "bytesBase64Encoded");
      String gcs = text(prediction, "gcsUri");
      if (b64 == null && gcs == null) {
        if (text(prediction, "raiFilteredReason") == null) {
          throw PredictJson.malformed("a prediction without an image or a filter reason");
        }
        continue;
      }
      images.add(new ImageResponse.Image(b64, b64 == null ? gcs : null,
          text(prediction, "mimeType"), text(prediction, "prompt")));
    }
    if (images.isEmpty()) {
      throw new GatewayException(ErrorKind.CONTENT_FILTERED, "Imagen's safety filters removed "
          + "every generated image; try rephrasing the prompt.", null, -1, null);
    }
    return new ImageResponse(images, null);
  }

  /** OpenAI's {@code WxH} as an Imagen ratio; null for none or {@code auto}. */
  static String aspectRatio(String size) {
    if (size == null || size.equals("auto")) {
      return null;
    }
    String[] wh = size.split("x");
    int w;
    int h;
    try {
      w = wh.length == 2 ? Integer.parseInt(wh[0]) : -1;
      h = wh.length == 2 ? Integer.parseInt(wh[1]) : -1;
    } catch (NumberFormatException e) {
      w = -1;
      h = -1;
    }
    if (w > 0 && h > 0) {
      int g = gcd(w, h);
      String ratio = (w / g) + ":" + (h / g);
      for (String r : RATIOS) {
        if (r.equals(ratio)) {
          return r;
        }
      }
    }
    throw GatewayException.invalid("Invalid 'size': Imagen takes sizes in the aspect ratios "
        + String.join(", ", RATIOS) + " (e.g. 1024x1024, 768x1024), or 'auto'.", "size");
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
